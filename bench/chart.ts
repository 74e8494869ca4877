/**
 * @module Line charts as plain SVG, side by side, without a charting library: the benchmark draws
 * what it measured, and the README shows the file. The output depends only on the numbers, so a
 * chart regenerated from the same figures is the same file.
 */

export interface Panel {
  title: string;
  /** Unit of the y values, shown on the labels. */
  unit: string;
  points: ReadonlyArray<{ x: number; y: number }>;
  /** Horizontal lines to compare against, e.g. a memory size. */
  references?: ReadonlyArray<{ y: number; label: string }>;
}

export interface Chart {
  title: string;
  /** Label of the x axis, shared by the panels. */
  xLabel: string;
  /** Where the x axis has ticks (the measured x values). */
  xTicks: readonly number[];
  panels: readonly Panel[];
  footnote: string;
}

const PANEL_WIDTH = 400;
const HEIGHT = 340;
const MARGIN = { top: 64, right: 24, bottom: 64, left: 64 };
const COLORS = ['#1f6feb', '#d1242f'];

export function svgChart(chart: Chart): string {
  const width = PANEL_WIDTH * chart.panels.length;
  const panels = chart.panels.map((panel, index) => drawPanel(panel, chart, index * PANEL_WIDTH, COLORS[index % COLORS.length] as string));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${xmlText(`${chart.title}: ${chart.panels.map((panel) => panel.title).join(' and ')} against ${chart.xLabel}`)}</title>`,
    `<rect width="${width}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${xmlText(chart.title)}</text>`,
    ...panels,
    `<text x="${width / 2}" y="${HEIGHT - 10}" text-anchor="middle" fill="#57606a">${xmlText(chart.footnote)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

function drawPanel(panel: Panel, chart: Chart, left: number, color: string): string {
  const x0 = left + MARGIN.left;
  const x1 = left + PANEL_WIDTH - MARGIN.right;
  const y0 = HEIGHT - MARGIN.bottom;
  const y1 = MARGIN.top;
  const xMax = Math.max(...chart.xTicks);
  const yMax = niceCeiling(Math.max(...panel.points.map((p) => p.y), ...(panel.references ?? []).map((r) => r.y)) * 1.08);
  const sx = (x: number) => x0 + (x / xMax) * (x1 - x0);
  const sy = (y: number) => y0 - (y / yMax) * (y0 - y1);
  const parts: string[] = [`<text x="${(x0 + x1) / 2}" y="${y1 - 20}" text-anchor="middle" font-size="13">${xmlText(panel.title)}</text>`];
  for (const tick of yTicks(yMax)) {
    parts.push(`<line x1="${x0}" x2="${x1}" y1="${f(sy(tick))}" y2="${f(sy(tick))}" stroke="#eaeef2"/>`);
    parts.push(`<text x="${x0 - 6}" y="${f(sy(tick) + 4)}" text-anchor="end" fill="#57606a">${tick}</text>`);
  }
  for (const tick of chart.xTicks) {
    parts.push(`<line x1="${f(sx(tick))}" x2="${f(sx(tick))}" y1="${y0}" y2="${y0 + 4}" stroke="#57606a"/>`);
    parts.push(`<text x="${f(sx(tick))}" y="${y0 + 18}" text-anchor="middle" fill="#57606a">${tick}</text>`);
  }
  parts.push(`<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="#57606a"/>`);
  parts.push(`<line x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}" stroke="#57606a"/>`);
  parts.push(`<text x="${(x0 + x1) / 2}" y="${y0 + 38}" text-anchor="middle">${xmlText(chart.xLabel)}</text>`);
  parts.push(
    `<text x="${left + 16}" y="${(y0 + y1) / 2}" text-anchor="middle" transform="rotate(-90 ${left + 16} ${(y0 + y1) / 2})">${xmlText(panel.unit)}</text>`,
  );
  for (const reference of panel.references ?? []) {
    const y = f(sy(reference.y));
    parts.push(`<line x1="${x0}" x2="${x1}" y1="${y}" y2="${y}" stroke="#8c959f" stroke-dasharray="5 4"/>`);
    parts.push(`<text x="${x1 - 4}" y="${f(sy(reference.y) - 5)}" text-anchor="end" fill="#57606a">${xmlText(reference.label)}</text>`);
  }
  const line = panel.points.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ');
  parts.push(`<polyline points="${line}" fill="none" stroke="${color}" stroke-width="2"/>`);
  for (const p of panel.points) {
    parts.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="3.5" fill="${color}"/>`);
    parts.push(`<text x="${f(sx(p.x))}" y="${f(sy(p.y) - 9)}" text-anchor="middle">${Math.round(p.y)}</text>`);
  }
  return parts.join('\n');
}

/** The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^n) at or above `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * power).find((candidate) => candidate >= value) ?? 10 * power;
}

/** Four to eight ticks from 0 to `max`, on round steps. */
function yTicks(max: number): number[] {
  const power = 10 ** Math.floor(Math.log10(Math.max(max / 4, 1)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => max / candidate <= 8) ?? 10 * power;
  return Array.from({ length: Math.floor(max / step + 1e-9) + 1 }, (_, i) => i * step);
}

function f(n: number): string {
  return n.toFixed(1);
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
