/**
 * Small statistics and table helpers for the benches: median/min/max of repeated runs, nearest-rank
 * percentiles of samples, and one table model rendered either as aligned text (stdout) or Markdown
 * (BENCHMARKS.md). Pure code.
 */

/** Median, min and max of a list of numbers; nulls (a failed run) are left out and counted. */
export function summarize(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return { median: null, min: null, max: null, n: 0, failed: values.length };
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], n: xs.length, failed: values.length - xs.length };
}

// Nearest-rank percentiles: the one definition, the library's (run `npm run build` first, as `npm run bench` does).
export { percentile } from '../dist/core/metrics/stats.js';

/** Ratio of two summaries' medians, or null. */
export function ratio(a, b) {
  return a?.median != null && b?.median ? a.median / b.median : null;
}

/** "12.3" with sensible precision for the magnitude. */
export function num(value, digits) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** "412 ms (398–455)": median with the range of the runs. */
export function fmt(summary, unit, digits) {
  if (!summary || summary.median === null) return summary?.failed ? `failed (${summary.failed} runs)` : '–';
  const u = unit ? ` ${unit}` : '';
  const range = summary.n > 1 ? ` (${num(summary.min, digits)}–${num(summary.max, digits)})` : '';
  const failed = summary.failed ? ` [${summary.failed} failed]` : '';
  return `${num(summary.median, digits)}${u}${range}${failed}`;
}

export function fmtRatio(value, digits = 2) {
  return value === null || value === undefined ? '–' : `${num(value, digits)}×`;
}

export function fmtPercent(value) {
  return value === null || value === undefined ? '–' : `${num(value * 100, 0)}%`;
}

/**
 * A section: a title, a paragraph or two, and tables ({ columns, rows }). `notes` are lines printed after.
 * Rendered as text for the terminal and Markdown for BENCHMARKS.md.
 */
export function renderText(section) {
  const out = [`== ${section.title} ==`];
  for (const line of section.intro ?? []) out.push(line);
  for (const table of section.tables ?? []) {
    out.push('');
    if (table.title) out.push(table.title);
    const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => String(r[i] ?? '').length)));
    const line = (cells) => cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ').trimEnd();
    out.push(line(table.columns));
    out.push(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of table.rows) out.push(line(row));
  }
  if (section.notes?.length) {
    out.push('');
    for (const note of section.notes) out.push(`* ${note}`);
  }
  return `${out.join('\n')}\n`;
}

export function renderMarkdown(section, level = 2) {
  const out = [`${'#'.repeat(level)} ${section.title}`, ''];
  for (const line of section.intro ?? []) out.push(line, '');
  for (const table of section.tables ?? []) {
    if (table.title) out.push(`**${table.title}**`, '');
    const esc = (v) => String(v ?? '').replaceAll('|', '\\|');
    out.push(`| ${table.columns.map(esc).join(' | ')} |`);
    out.push(`| ${table.columns.map(() => '---').join(' | ')} |`);
    for (const row of table.rows) out.push(`| ${row.map(esc).join(' | ')} |`);
    out.push('');
  }
  for (const note of section.notes ?? []) out.push(`- ${note}`);
  if (section.notes?.length) out.push('');
  return out.join('\n');
}
