import { type Chart, svgChart } from '../../bench/chart';

const chart: Chart = {
  title: 'What one batch costs',
  xLabel: 'batch size (MiB)',
  xTicks: [1, 4, 8, 16, 32],
  footnote: 'Node 20 & <local>',
  panels: [
    {
      title: 'Peak RSS (MiB)',
      unit: 'MiB',
      points: [1, 4, 8, 16, 32].map((x) => ({ x, y: 60 + 4 * x })),
      references: [{ y: 512, label: 'MEMORY_SIZE 512 (default)' }],
    },
    { title: 'Handler time (ms)', unit: 'ms', points: [1, 4, 8, 16, 32].map((x) => ({ x, y: 20 * x })) },
  ],
};

it('draws one panel per series, each point with its value, and the reference line', () => {
  const svg = svgChart(chart);
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="800" height="340"/);
  expect(svg).toContain('<title>What one batch costs: Peak RSS (MiB) and Handler time (ms) against batch size (MiB)</title>');
  expect(svg.match(/<polyline /g)).toHaveLength(2);
  expect(svg.match(/<circle /g)).toHaveLength(10);
  for (const value of ['64', '76', '92', '124', '188', '20', '80', '160', '320', '640']) expect(svg).toContain(`>${value}</text>`);
  expect(svg).toContain('stroke-dasharray="5 4"');
  expect(svg).toContain('>MEMORY_SIZE 512 (default)</text>');
  expect(svg).toContain('Node 20 &amp; &lt;local&gt;');
});

it('puts larger values higher and later batches further right, with room above the largest', () => {
  const [memory] =
    svgChart(chart)
      .match(/<polyline points="([^"]+)"/)
      ?.slice(1) ?? [];
  const points = (memory ?? '').split(' ').map((pair) => pair.split(',').map(Number) as [number, number]);
  expect(points.map(([x]) => x)).toEqual([...points.map(([x]) => x)].sort((a, b) => a - b));
  expect(points.map(([, y]) => y)).toEqual([...points.map(([, y]) => y)].sort((a, b) => b - a));
  expect(Math.min(...points.map(([, y]) => y))).toBeGreaterThan(64); // below the top margin
});

it('is the same file for the same figures', () => {
  expect(svgChart(chart)).toBe(svgChart(structuredClone(chart)));
});
