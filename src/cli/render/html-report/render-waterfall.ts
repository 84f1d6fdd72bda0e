/**
 * The timeline waterfall as inline SVG (no script, no style attributes: the CSP allows neither): one bar
 * per stage on a shared time axis, a stage that never finished marked "not reached".
 */
import type { WaterfallRow } from './waterfall.js';
import { escapeHtml as e } from './escape-html.js';
import { formatMs } from '../format.js';

const WIDTH = 1000;
const LABEL = 170;
const ROW = 24;
const TOP = 24;

export function renderWaterfall(rows: WaterfallRow[], totalMs: number): string {
  const span = Math.max(1, totalMs);
  const plot = WIDTH - LABEL - 90;
  const x = (ms: number) => LABEL + (ms / span) * plot;
  const height = TOP + rows.length * ROW + 6;
  const step = tickStep(span);
  const ticks: string[] = [];
  for (let t = 0; t <= span + 1e-9; t += step) {
    ticks.push(`<line class="grid" x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${TOP - 6}" y2="${height}"/><text class="tick" x="${x(t).toFixed(1)}" y="${TOP - 10}" text-anchor="middle">${e(tickLabel(t))}</text>`);
  }
  const bars = rows.map((row, i) => {
    const y = TOP + i * ROW;
    const label = `<text x="0" y="${y + 16}">${e(row.label)}</text>`;
    if (row.endMs === null) {
      return `<g data-stage="${e(row.label)}" data-reached="false">${label}<rect class="missing" x="${x(row.startMs!).toFixed(1)}" y="${y + 6}" width="3" height="${ROW - 10}"/><text x="${(x(row.startMs!) + 8).toFixed(1)}" y="${y + 16}" class="tick">not reached</text><title>${e(`${row.detail}: not reached`)}</title></g>`;
    }
    const start = x(row.startMs!);
    const width = Math.max(2, x(row.endMs) - start);
    const duration = row.endMs - row.startMs!;
    return `<g data-stage="${e(row.label)}" data-reached="true">${label}<rect class="${row.group}" x="${start.toFixed(1)}" y="${y + 5}" width="${width.toFixed(1)}" height="${ROW - 10}" rx="2"/><text class="tick" x="${(start + width + 6).toFixed(1)}" y="${y + 16}">${e(formatMs(duration))}</text><title>${e(`${row.detail}: ${formatMs(row.startMs)} → ${formatMs(row.endMs)} (${formatMs(duration)})`)}</title></g>`;
  });
  const legend = ['harness', 'signaling', 'data', 'media', 'hangup']
    .filter((g) => rows.some((r) => r.group === g))
    .map((g) => `<span><span class="swatch ${g}"></span>${g === 'hangup' ? 'hang-up' : g}</span>`)
    .join('');
  return `<svg class="waterfall" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="phase timeline">${ticks.join('')}${bars.join('')}</svg><div class="legend">${legend}<span>total ${e(formatMs(totalMs))}</span></div>`;
}

/** 1, 2 or 5 × 10^k ms, about 8 ticks across. */
export function tickStep(spanMs: number): number {
  const raw = spanMs / 8;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-6)));
  return [1, 2, 5, 10].map((s) => s * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
}

function tickLabel(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(2))} s` : `${Math.round(ms)} ms`;
}
