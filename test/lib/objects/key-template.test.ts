import { DEFAULT_KEY_TEMPLATE, type KeyTemplate, maxRenderedBytes, parseKeyTemplate } from '../../../lib/objects/key-template';

const HIVE =
  'dt={{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}-{{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}';
const TAIL = '{{topic}}/{{partition}}/{{start_offset}}';

const VOCABULARY =
  '{{topic}}, {{partition}}, {{start_offset}}, {{end_offset}} and {{timestamp:unit=U}}, with U one of yyyy (year), MM (month), ' +
  'dd (day of month), HH (hour, 00-23) and mm (minute)';
const UNITS = 'yyyy (year), MM (month), dd (day of month), HH (hour, 00-23) and mm (minute)';
const CHARACTERS = 'which OSS tools or file systems cannot handle in a key: control characters and \\ : * ? " < > | are not allowed';
const WALL_CLOCK =
  'the time a batch is processed changes when the batch is delivered again, so its objects would get new keys and be stored twice; ' +
  `use the records' own time, {{timestamp:unit=U}} with U one of ${UNITS}`;
const REQUIRED =
  'OBJECT_KEY_TEMPLATE must contain {{topic}}, {{partition}} and {{start_offset}}, so that every batch gets a key of its own ' +
  'and a redelivered batch the same one; it lacks';

function parsed(text: string): KeyTemplate {
  const result = parseKeyTemplate(text);
  if ('problems' in result) throw new Error(result.problems.join('\n'));
  return result.template;
}

function problems(text: string): string[] {
  const result = parseKeyTemplate(text);
  if ('template' in result) throw new Error(`${text} was accepted`);
  return result.problems;
}

describe('parseKeyTemplate accepts', () => {
  it('the default, which is text, topic, partition and both offsets and no time', () => {
    const template = parsed(DEFAULT_KEY_TEMPLATE);
    expect(template.parts).toEqual([
      { kind: 'topic' },
      { kind: 'text', text: '/' },
      { kind: 'partition' },
      { kind: 'text', text: '/' },
      { kind: 'start_offset' },
      { kind: 'text', text: '-' },
      { kind: 'end_offset' },
    ]);
    expect(template.timeUnits).toEqual([]);
  });

  it('a Hive-style layout, listing its time units once each, coarsest first', () => {
    expect(parsed(HIVE).timeUnits).toEqual(['yyyy', 'MM', 'dd', 'HH']);
    expect(parsed(`{{timestamp:unit=HH}}/{{timestamp:unit=yyyy}}/{{timestamp:unit=HH}}-{{timestamp:unit=mm}}/${TAIL}`).timeUnits).toEqual([
      'yyyy',
      'HH',
      'mm',
    ]);
  });

  it.each([
    ['fixed-width fields side by side', `{{timestamp:unit=yyyy}}{{timestamp:unit=MM}}{{timestamp:unit=dd}}/${TAIL}`],
    ['a year followed by "-"', `{{timestamp:unit=yyyy}}-{{timestamp:unit=MM}}/${TAIL}`],
    ['Hive keys', 'topic={{topic}}/partition={{partition}}/{{start_offset}}'],
    ['minutes with the hour', `${TAIL}/{{timestamp:unit=HH}}{{timestamp:unit=mm}}`],
    ['spaces inside the braces', '{{ topic }}/{{partition}}/{{ timestamp : unit = dd }}/{{start_offset}}'],
    ['non-ASCII text', `归档/${TAIL}`],
    ['a topic at the very end', '{{partition}}/{{start_offset}}/{{topic}}'],
    ['a partition touching an offset', '{{topic}}/{{partition}}{{start_offset}}'],
  ])('%s', (_, text) => {
    expect(parsed(text).text).toBe(text);
  });
});

describe('parseKeyTemplate refuses, saying what to write', () => {
  it.each([
    [
      'an empty template',
      '',
      [
        'OBJECT_KEY_TEMPLATE is empty: leave it unset for the default {{topic}}/{{partition}}/{{start_offset}}-{{end_offset}}, ' +
          'or write one with {{topic}}, {{partition}}, {{start_offset}}, {{end_offset}} and {{timestamp:unit=U}}',
      ],
    ],
    ['a template without partition', '{{topic}}/{{start_offset}}', [`${REQUIRED} {{partition}}`]],
    ['a template without start offset', '{{topic}}/{{partition}}/{{end_offset}}', [`${REQUIRED} {{start_offset}}`]],
    ['a template of time alone', 'dt={{timestamp:unit=yyyy}}', [`${REQUIRED} {{topic}}, {{partition}} and {{start_offset}}`]],
    ['an unknown variable', `{{key}}/${TAIL}`, [`OBJECT_KEY_TEMPLATE has an unknown variable {{key}}: the variables are ${VOCABULARY}`]],
    ['an empty variable', `{{}}/${TAIL}`, [`OBJECT_KEY_TEMPLATE has an unknown variable {{}}: the variables are ${VOCABULARY}`]],
    ['the wall clock', `{{now}}/${TAIL}`, [`OBJECT_KEY_TEMPLATE cannot use {{now}}: ${WALL_CLOCK}`]],
    ['the processing date', `{{utc_date}}/${TAIL}`, [`OBJECT_KEY_TEMPLATE cannot use {{utc_date}}: ${WALL_CLOCK}`]],
    [
      'a wall-clock timestamp source',
      `{{timestamp:source=wallclock}}/${TAIL}`,
      [`OBJECT_KEY_TEMPLATE cannot use {{timestamp:source=wallclock}}: ${WALL_CLOCK}`],
    ],
    [
      'a timestamp without unit',
      `{{timestamp}}/${TAIL}`,
      [`OBJECT_KEY_TEMPLATE: {{timestamp}} needs a unit, e.g. {{timestamp:unit=yyyy}}; the units are ${UNITS}`],
    ],
    [
      'a timestamp with another parameter',
      `{{timestamp:format=yyyy}}/${TAIL}`,
      [`OBJECT_KEY_TEMPLATE: {{timestamp:format=yyyy}} needs a unit, e.g. {{timestamp:unit=yyyy}}; the units are ${UNITS}`],
    ],
    [
      'the week-based year',
      `{{timestamp:unit=YYYY}}/${TAIL}`,
      [
        'OBJECT_KEY_TEMPLATE uses {{timestamp:unit=YYYY}}, the week-based year, which puts the last days of December into the next year ' +
          '(and early January into the previous one); write {{timestamp:unit=yyyy}} for the calendar year',
      ],
    ],
    [
      'the 12-hour clock',
      `{{timestamp:unit=hh}}/${TAIL}`,
      [
        'OBJECT_KEY_TEMPLATE uses {{timestamp:unit=hh}}, the hour of a 12-hour clock, which puts 1 AM and 1 PM into the same folder; ' +
          'write {{timestamp:unit=HH}} for the hour 00-23',
      ],
    ],
    [
      'the day of the year',
      `{{timestamp:unit=DD}}/${TAIL}`,
      [
        'OBJECT_KEY_TEMPLATE uses {{timestamp:unit=DD}}, the day of the year (001-366); write {{timestamp:unit=dd}} for the day of the month',
      ],
    ],
    [
      'an unknown unit',
      `{{timestamp:unit=ss}}/${TAIL}`,
      [`OBJECT_KEY_TEMPLATE has an unknown unit in {{timestamp:unit=ss}}: the units are ${UNITS}`],
    ],
    [
      'minutes where the month was meant',
      `{{timestamp:unit=yyyy}}-{{timestamp:unit=mm}}-{{timestamp:unit=dd}}/${TAIL}`,
      [
        'OBJECT_KEY_TEMPLATE uses {{timestamp:unit=mm}}, the minute, without the hour: for the month write {{timestamp:unit=MM}}; ' +
          'for minutes add {{timestamp:unit=HH}} before it',
      ],
    ],
    [
      'the month where minutes were meant',
      `{{timestamp:unit=dd}}/{{timestamp:unit=HH}}-{{timestamp:unit=MM}}/${TAIL}`,
      [
        'OBJECT_KEY_TEMPLATE uses {{timestamp:unit=MM}}, the month, after the hour and has no minute: for the minute write ' +
          '{{timestamp:unit=mm}}; for the month put it before {{timestamp:unit=HH}}',
      ],
    ],
    [
      "Aiven's padding parameter",
      '{{topic}}/{{partition:padding=true}}/{{start_offset}}',
      [
        'OBJECT_KEY_TEMPLATE: {{partition:padding=true}} takes no parameters; write {{partition}} (offsets are always zero-padded ' +
          'to 19 digits, so that keys sort in offset order, and partitions never are)',
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  const braces = (at: number, excerpt: string) =>
    `OBJECT_KEY_TEMPLATE has unbalanced braces at character ${at} (${JSON.stringify(excerpt)}): ` +
    'variables are written {{name}}, and "{" and "}" appear nowhere else';
  it.each([
    ['{{topic}/{{partition}}/{{start_offset}}', [braces(1, '{{topic}/{{partition}}')]],
    ['{{topic}}/{{partition}}/{{start_offset}', [braces(25, '{{start_offset}')]],
    ['{topic}}/{{partition}}/{{start_offset}}', [braces(1, '{topic}}/{{'), braces(7, '{topic}}/{{partiti')]],
    ['{{topic}}}/{{partition}}/{{start_offset}}', [braces(10, '{{topic}}}/{{partiti')]],
  ])('unbalanced braces in %s', (text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it.each([
    [
      '/{{topic}}/{{partition}}/{{start_offset}}',
      'OBJECT_KEY_TEMPLATE must not start with "/": the key follows OSS_PREFIX, which already ends with "/"',
    ],
    [
      '{{topic}}//{{partition}}/{{start_offset}}',
      'OBJECT_KEY_TEMPLATE has an empty path segment ("//", or "/" at its end): every "/" must stand between two names',
    ],
    [`${TAIL}/`, 'OBJECT_KEY_TEMPLATE has an empty path segment ("//", or "/" at its end): every "/" must stand between two names'],
    [`./${TAIL}`, 'OBJECT_KEY_TEMPLATE has the path segment ".", which file systems and many tools read as a relative path: rename it'],
    [`a/../${TAIL}`, 'OBJECT_KEY_TEMPLATE has the path segment "..", which file systems and many tools read as a relative path: rename it'],
    [
      `${TAIL}/_conflicts/x`,
      'OBJECT_KEY_TEMPLATE has the path segment "_conflicts", the folder where the sink keeps batches whose key already held other data: rename it',
    ],
  ])('the path %s', (text, expected) => {
    expect(problems(text)).toEqual([expected]);
  });

  it.each([
    [`a\\b/${TAIL}`, `OBJECT_KEY_TEMPLATE contains "\\" at character 2, ${CHARACTERS}`],
    [`a\tb/${TAIL}`, `OBJECT_KEY_TEMPLATE contains the control character U+0009 at character 2, ${CHARACTERS}`],
    [`a\u0085b/${TAIL}`, `OBJECT_KEY_TEMPLATE contains the control character U+0085 at character 2, ${CHARACTERS}`],
    [`{{timestamp:unit=HH}}:{{timestamp:unit=mm}}/${TAIL}`, `OBJECT_KEY_TEMPLATE contains ":" at character 22, ${CHARACTERS}`],
    [`a"b/${TAIL}`, `OBJECT_KEY_TEMPLATE contains '"' at character 2, ${CHARACTERS}`],
    [`a\ud800b/${TAIL}`, 'OBJECT_KEY_TEMPLATE has an unpaired UTF-16 surrogate at character 2, which UTF-8 cannot encode: remove it'],
  ])('the character in %j', (text, expected) => {
    expect(problems(text)).toEqual([expected]);
  });

  it.each([
    [
      '{{topic}}{{partition}}/{{start_offset}}',
      'OBJECT_KEY_TEMPLATE has {{topic}} and {{partition}} with no text between them ({{topic}}{{partition}}), so a key could be ' +
        'read as more than one topic, partition or year: put a separator such as "/" between them',
    ],
    [
      '{{topic}}-{{partition}}/{{start_offset}}',
      'OBJECT_KEY_TEMPLATE has {{topic}} followed by "-", which a topic can contain, so a key could be read in more than one way: ' +
        'follow it with a character a topic cannot contain ("/", "=", "+", ",", "~"), or end the template with it',
    ],
    [
      '{{topic}}{{timestamp:unit=HH}}.x/{{partition}}/{{start_offset}}',
      'OBJECT_KEY_TEMPLATE has {{topic}}{{timestamp:unit=HH}} followed by ".", which a topic can contain, so a key could be read in ' +
        'more than one way: follow it with a character a topic cannot contain ("/", "=", "+", ",", "~"), or end the template with it',
    ],
    [
      '{{topic}}/{{partition}}0/{{start_offset}}',
      'OBJECT_KEY_TEMPLATE has {{partition}} followed by "0", which is a digit, so a key could be read in more than one way: ' +
        'follow it with a character that is not a digit, or end the template with it',
    ],
  ])('ambiguous %s', (text, expected) => {
    expect(problems(text)).toEqual([expected]);
  });

  it("refuses a template whose keys could exceed OSS's 1023 bytes", () => {
    expect(problems(`${'x'.repeat(724)}/${DEFAULT_KEY_TEMPLATE}`)).toEqual([
      'OBJECT_KEY_TEMPLATE can make keys of up to 1025 bytes (with a 249-character topic, partition 2147483647 and 19-digit offsets), ' +
        "over OSS's limit of 1023: shorten its text",
    ]);
    expect(parseKeyTemplate(`${'x'.repeat(722)}/${DEFAULT_KEY_TEMPLATE}`)).toHaveProperty('template');
  });

  it('lists every problem at once, each once', () => {
    expect(problems('/{{key}}//{{timestamp:unit=YYYY}}{{key}}')).toEqual([
      `OBJECT_KEY_TEMPLATE has an unknown variable {{key}}: the variables are ${VOCABULARY}`,
      expect.stringContaining('OBJECT_KEY_TEMPLATE uses {{timestamp:unit=YYYY}}, the week-based year'),
      'OBJECT_KEY_TEMPLATE must not start with "/": the key follows OSS_PREFIX, which already ends with "/"',
      'OBJECT_KEY_TEMPLATE has an empty path segment ("//", or "/" at its end): every "/" must stand between two names',
    ]);
  });
});

describe('maxRenderedBytes', () => {
  it('counts a 249-character topic, partition 2147483647, 19-digit offsets and a 7-character year', () => {
    expect(maxRenderedBytes(parsed(DEFAULT_KEY_TEMPLATE))).toBe(249 + 1 + 10 + 1 + 19 + 1 + 19);
    expect(maxRenderedBytes(parsed(HIVE))).toBe('dt=-MM-dd/hour=HH/'.length + 7 + 300);
  });

  it('counts text in UTF-8 bytes', () => {
    expect(maxRenderedBytes(parsed(`归档/${DEFAULT_KEY_TEMPLATE}`))).toBe(6 + 1 + 300);
  });
});
