/**
 * The report model as one self-contained HTML document: styles, uPlot, chart data and snapshots inlined,
 * a Content-Security-Policy that allows only those inlined pieces (by hash) and data: images, so the file
 * can fetch nothing and run nothing else. Every model string goes through escapeHtml.
 */
import { createHash } from 'node:crypto';
import type { ChartView, CheckView, DirectionView, HtmlReportModel, PairSection } from './report-model.js';
import { escapeHtml as e, jsonForScript } from './escape-html.js';
import { loadReportAssets, type ReportAssets } from './assets.js';
import { REPORT_CSS } from './report-style.js';
import { renderWaterfall } from './render-waterfall.js';

const STATUS_TEXT = { pass: 'pass', fail: 'fail', skipped: 'skipped' } as const;

export function renderHtmlReport(model: HtmlReportModel, assets: ReportAssets = loadReportAssets()): string {
  const charts = model.sections.flatMap((s) => [...s.charts, ...(s.data?.histogram ? [s.data.histogram] : [])]);
  const styles = `${assets.uplotCss}\n${REPORT_CSS}`;
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  const csp = [
    "default-src 'none'",
    `style-src ${hash(styles)}`,
    `script-src ${hash(assets.uplotJs)} ${hash(assets.chartsJs)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const verdictClass = model.verdict ?? 'neutral';
  const mark = model.verdict === 'pass' ? '✓ ' : model.verdict === 'fail' ? '✗ ' : '';
  const toc = [
    ...(model.checks.length ? [['checks', 'Checks']] : []),
    ['environment', 'Environment'],
    ...(model.waterfall ? [['timeline', 'Timeline']] : []),
    ...(model.pairSummary ? [['pairs', 'Pairs']] : []),
    ...model.sections.map((s) => [s.anchor, s.title]),
  ] as Array<[string, string]>;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(model.title)}</title>
<style>${styles}</style>
</head>
<body>
<div class="banner ${verdictClass}" id="verdict" data-verdict="${e(model.verdict ?? 'none')}">
<div class="inner">
<h1>${e(mark + model.headline)}</h1>
<p>${e(model.environment.filter((r) => ['rtcdemo', 'browser', 'OS'].includes(r.label)).map((r) => `${r.label} ${r.value}`).join(' · '))} · started ${e(model.startedAt)}</p>
<nav class="toc">${toc.map(([id, text]) => `<a href="#${e(id)}">${e(text)}</a>`).join('')}</nav>
</div>
</div>
<main>
${model.checks.length ? renderChecks(model.checks, 'checks', 'Checks') : ''}
<section id="environment"><h2>Environment</h2>
<dl class="env">${model.environment.map((r) => `<dt>${e(r.label)}</dt><dd>${e(r.value)}</dd>`).join('')}</dl>
</section>
${model.waterfall ? `<section id="timeline"><h2>Timeline${model.pairSummary ? ' <span class="muted">(pair 1; every pair runs at once)</span>' : ''}</h2>${renderWaterfall(model.waterfall.rows, model.waterfall.totalMs)}</section>` : ''}
${model.pairSummary ? renderPairSummary(model) : ''}
${model.sections.map(renderSection).join('\n')}
<footer>Made by rtcdemo ${e(model.environment.find((r) => r.label === 'rtcdemo')?.value ?? '')}. Charts by uPlot ${e(assets.uplotVersion)} (MIT), inlined: this file loads nothing from the network.</footer>
</main>
<script type="application/json" id="report-charts">${jsonForScript(charts)}</script>
<script>${assets.uplotJs}</script>
<script>${assets.chartsJs}</script>
</body>
</html>
`;
}

function renderChecks(checks: CheckView[], id: string, title: string, level = 'h2'): string {
  return `<section id="${e(id)}" class="checks"><${level}>${e(title)}</${level}>
${checks.map(renderCheck).join('\n')}
</section>`;
}

function renderCheck(check: CheckView): string {
  const met = check.criteria.filter((c) => c.pass).length;
  const rows = check.criteria
    .map(
      (c) => `<tr class="${c.pass ? 'met' : 'unmet'}"><td>${c.pass ? '<span class="ok">✓</span>' : '<span class="bad">✗</span>'}</td><td class="metric"><code>${e(c.metric)}</code></td><td class="num ${c.pass ? '' : 'bad'}">${e(c.actual)}</td><td class="nowrap">${e(c.expected)}</td><td class="muted nowrap">${c.source === 'expect' ? '--expect' : 'default'}</td><td class="muted">${e(c.description)}</td></tr>`,
    )
    .join('');
  const table = rows ? `<table><thead><tr><th></th><th>metric</th><th class="num">measured</th><th>pass when</th><th>from</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table>` : '';
  const summary = `<span class="badge ${check.status}">${STATUS_TEXT[check.status]}</span><strong>${e(check.name)}</strong><span class="muted">${check.criteria.length ? `${met} of ${check.criteria.length} criteria met · ` : ''}${e(check.duration)}</span>`;
  // A passed check folds its criteria away (one click shows them); a failed or skipped one shows all.
  const open = check.status === 'pass' ? '' : ' open';
  return `<details class="check ${check.status}" data-check="${e(check.name)}" data-status="${check.status}"${open}>
<summary>${summary}</summary>
${check.error ? `<div class="error">${e(check.error)}</div>` : ''}
${table}
</details>`;
}

function renderPairSummary(model: HtmlReportModel): string {
  const rows = model.pairSummary!;
  const passed = rows.filter((r) => r.verdict === 'pass').length;
  return `<section id="pairs"><h2>Pairs: ${passed} of ${rows.length} passed</h2>
<table class="pairs"><thead><tr><th>pair</th><th>peers</th><th>verdict</th><th>failed checks</th><th class="num">delivered</th><th class="num">RTT p95</th><th class="num">bulk</th><th class="num">fps → receiver</th><th class="num">fps → sender</th><th class="num">hang-up</th></tr></thead><tbody>
${rows
  .map(
    (r) => `<tr data-pair="${r.pair}"><td><a href="#${e(r.anchor)}">${r.pair}</a></td><td>${e(r.ids)}</td><td><span class="badge ${r.verdict}">${r.verdict}</span></td><td>${e(r.failed)}</td><td class="num">${e(r.delivered)}</td><td class="num">${e(r.rttP95)}</td><td class="num">${e(r.throughput)}</td><td class="num">${e(r.fpsToReceiver)}</td><td class="num">${e(r.fpsToSender)}</td><td class="num">${e(r.hangup)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></section>`;
}

function renderSection(section: PairSection): string {
  const badge = section.verdict ? ` <span class="badge ${section.verdict}">${section.verdict}</span>` : '';
  const columns = section.directions.length;
  const videoTable = `<table><thead><tr><th></th>${section.directions.map((d) => `<th class="num">${e(d.title)}</th>`).join('')}</tr></thead><tbody>${section.videoRows
    .map(([label, ...cells]) => `<tr><th>${e(label ?? '')}</th>${cells.slice(0, columns).map((cell) => `<td class="num">${e(cell)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
  const audioTable = section.audioRows
    ? `<h3>Audio as decoded</h3><table><thead><tr><th></th>${section.directions.map((d) => `<th class="num">${e(d.title)}</th>`).join('')}</tr></thead><tbody>${section.audioRows
        .map(([label, ...cells]) => `<tr><th>${e(label ?? '')}</th>${cells.slice(0, columns).map((cell) => `<td class="num">${e(cell)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : '';
  return `<section class="pair" id="${e(section.anchor)}" data-verdict="${e(section.verdict ?? 'none')}">
<h2>${e(section.title)}${badge}</h2>
${section.checks ? renderChecks(section.checks, `${section.anchor}-checks`, 'Checks of this pair', 'h3') : ''}
<h3>Video as decoded</h3>
<div class="directions">${section.directions.map(renderDirection).join('')}</div>
${section.videoRows.length ? videoTable : ''}
<div class="facts">${section.videoFacts.map((f) => `<span>${e(f.label)} <b>${e(f.value)}</b></span>`).join('')}</div>
${audioTable}
<h3>Per second</h3>
${section.charts.length ? `<div class="charts">${section.charts.map(renderChart).join('')}</div>` : `<p class="muted">${e(section.chartsNote ?? '')}</p>`}
${section.data ? renderData(section) : ''}
${section.hangup ? `<h3>${e(section.hangupTitle)}</h3><p>${e(section.hangup)}</p>` : ''}
</section>`;
}

function renderDirection(direction: DirectionView): string {
  const frames = direction.snapshots
    .map((s) =>
      s.dataUrl
        ? `<figure><img src="${e(s.dataUrl)}" width="${s.width}" height="${s.height}" alt="${e(`${direction.title}, ${s.moment}`)}" data-snapshot="${e(s.fileName)}"><figcaption>${e(s.moment)} · ${s.width}×${s.height}</figcaption></figure>`
        : `<figure><div class="missing">${e(`no ${s.moment}: ${s.error ?? 'not taken'}`)}</div><figcaption>${e(s.moment)}</figcaption></figure>`,
    )
    .join('');
  return `<div class="direction" data-direction="${direction.key}"><h4>${e(direction.title)}</h4><p>${e(direction.caption)}</p><div class="frames">${frames}</div></div>`;
}

function renderChart(chart: ChartView): string {
  return `<figure class="chart"><figcaption>${e(chart.title)} <span class="muted">(${e(chart.unit)})</span></figcaption><div class="plot" id="chart-${e(chart.id)}" data-chart="${e(chart.id)}"></div></figure>`;
}

function renderData(section: PairSection): string {
  const d = section.data!;
  const counts = `<table><thead><tr>${d.counts.map((c) => `<th class="num">${e(c.label)}</th>`).join('')}</tr></thead><tbody><tr>${d.counts
    .map((c) => `<td class="num ${c.bad ? 'bad' : ''}">${e(c.value)}</td>`)
    .join('')}</tr></tbody></table>`;
  const rtt = `<table><thead><tr>${d.rtt.map((r) => `<th class="num">${e(r.label === 'samples' ? 'round trips' : r.label)}</th>`).join('')}</tr></thead><tbody><tr>${d.rtt
    .map((r) => `<td class="num">${e(r.value)}</td>`)
    .join('')}</tr></tbody></table>`;
  return `<h3>Data channel <span class="muted">(${e(d.title)})</span></h3>
<div class="pair-data"><div>${counts}${rtt}<p>bulk transfer: <b>${e(d.bulk)}</b></p></div>
<div>${d.histogram ? renderChart(d.histogram) : '<p class="muted">No round trip was measured.</p>'}</div></div>`;
}
