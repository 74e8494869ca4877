import { describeLoneSurrogate, loneSurrogateInJson, loneSurrogateInText } from '../../../lib/payload/lone-surrogate';

describe('unpaired UTF-16 surrogates', () => {
  it.each([
    ['', -1],
    ['plain ascii', -1],
    ['é and 😀 (a pair)', -1],
    ['\ud800', 0],
    ['a\udc00', 1],
    ['😀\ud83d', 2],
    ['\ude00\ud83d', 0],
  ])('in text %j: at %i', (text, index) => {
    expect(loneSurrogateInText(text)).toBe(index);
  });

  it.each([
    ['{"s":"plain"}', -1],
    ['{"s":"\\ud83d\\ude00"}', -1],
    ['{"s":"\\uD83D\\uDE00"}', -1],
    ['{"s":"\\\\ud800"}', -1],
    ['{"s":"\\\\\\ud800"}', 8],
    ['{"s":"\\ud800"}', 6],
    ['{"s":"\\ud800\\u0041"}', 6],
    ['{"s":"\\udc00"}', 6],
    ['{"\\ud800":1}', 2],
    ['["\\n","\\ud83d"]', 7],
    ['{"s":"\ud800","t":"\\ud800"}', 6],
    ['{"s":"\\ud800","t":"\ud800"}', 6],
    ['{"t":"\\u00e9","s":"\ud800"}', 19],
  ])('in JSON text %j: at %i, whether a character or an escape', (json, index) => {
    expect(loneSurrogateInJson(json)).toBe(index);
  });

  it('names the surrogate and where it is, whether a character or an escape', () => {
    expect(describeLoneSurrogate('ab\ud800', 2)).toMatch(
      /^holds an unpaired UTF-16 surrogate \(\\ud800 at character 2\), which UTF-8 cannot encode/,
    );
    expect(describeLoneSurrogate('{"s":"\\uDC00"}', 6)).toContain('(\\udc00 at character 6)');
  });
});
