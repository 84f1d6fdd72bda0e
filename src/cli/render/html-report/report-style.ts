/** The report's stylesheet (inlined; the CSP allows exactly this text by its hash). */
export const REPORT_CSS = `
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --soft:#f6f8fa; --pass:#1a7f37; --pass-bg:#dafbe1; --fail:#cf222e; --fail-bg:#ffebe9; --skip:#9a6700; --skip-bg:#fff8c5; --accent:#0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 0 24px 48px; }
h1 { font-size: 22px; margin: 0; }
h2 { font-size: 18px; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 10px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.banner { padding: 20px 24px; border-bottom: 1px solid var(--line); }
.banner .inner { max-width: 1180px; margin: 0 auto; }
.banner.pass { background: var(--pass-bg); }
.banner.pass h1 { color: var(--pass); }
.banner.fail { background: var(--fail-bg); }
.banner.fail h1 { color: var(--fail); }
.banner.neutral { background: var(--soft); }
.banner p { margin: 6px 0 0; color: var(--muted); }
nav.toc { margin: 14px 0 0; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 13px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { text-align: left; padding: 5px 12px 5px 0; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12.5px; }
td.num, th.num { text-align: right; padding-right: 16px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.badge { display: inline-block; min-width: 52px; text-align: center; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.pass { background: var(--pass-bg); color: var(--pass); }
.badge.fail { background: var(--fail-bg); color: var(--fail); }
.badge.skipped { background: var(--skip-bg); color: var(--skip); }
.check { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 10px 0; }
.check.fail { border-color: #ff818266; border-left: 4px solid var(--fail); }
.check.skipped { border-left: 4px solid #d4a72c; }
.check.pass { border-left: 4px solid #4ac26b; }
.check summary { display: flex; align-items: baseline; gap: 10px; cursor: pointer; list-style: none; }
.check summary::-webkit-details-marker { display: none; }
.check summary::after { content: '▸'; color: var(--muted); margin-left: 4px; }
.check[open] summary::after { content: '▾'; }
.check summary strong { font-size: 15px; }
.check summary .muted { margin-left: auto; }
.check[open] summary { margin-bottom: 6px; }
.check .error { margin: 8px 0 4px; padding: 8px 10px; background: var(--fail-bg); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
.check.skipped .error { background: var(--skip-bg); }
.check table { width: 100%; }
.check td.metric { width: 30%; }
.muted { color: var(--muted); }
.ok { color: var(--pass); font-weight: 600; }
.bad { color: var(--fail); font-weight: 600; }
dl.env { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
dl.env dt { color: var(--muted); }
dl.env dd { margin: 0; overflow-wrap: anywhere; }
svg.waterfall { width: 100%; height: auto; display: block; }
svg.waterfall text { font: 12px system-ui, sans-serif; fill: var(--fg); }
svg.waterfall .tick { fill: var(--muted); font-size: 11px; }
svg.waterfall .grid { stroke: #eaeef2; }
svg.waterfall .harness { fill: #8c959f; }
svg.waterfall .signaling { fill: #8250df; }
svg.waterfall .data { fill: #0969da; }
svg.waterfall .media { fill: #bf3989; }
svg.waterfall .hangup { fill: #d9480f; }
svg.waterfall .missing { fill: var(--fail); }
.legend { display: flex; gap: 14px; font-size: 12px; color: var(--muted); margin-top: 4px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.swatch.harness { background: #8c959f; } .swatch.signaling { background: #8250df; } .swatch.data { background: #0969da; } .swatch.media { background: #bf3989; } .swatch.hangup { background: #d9480f; }
.directions { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 18px; }
.direction:only-child { max-width: 720px; }
.direction { border: 1px solid var(--line); border-radius: 8px; padding: 12px; background: var(--soft); }
.direction h4 { margin: 0 0 2px; font-size: 14px; }
.direction p { margin: 0 0 8px; color: var(--muted); font-size: 12.5px; }
.frames { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.frames figure { margin: 0; }
.frames img { width: 100%; height: auto; display: block; border-radius: 4px; background: #000; }
.frames figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; }
.frames .missing { aspect-ratio: 4 / 3; display: flex; align-items: center; justify-content: center; text-align: center; padding: 10px; border: 1px dashed var(--line); border-radius: 4px; color: var(--muted); font-size: 12px; background: #fff; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 18px 24px; }
.chart { margin: 0; min-width: 0; }
.chart figcaption { font-weight: 600; font-size: 13px; margin-bottom: 2px; }
.chart .plot { width: 100%; min-height: 230px; }
.pair-data { display: grid; grid-template-columns: minmax(280px, 1fr) minmax(420px, 1.4fr); gap: 18px 28px; align-items: start; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 8px 0; color: var(--muted); font-size: 13px; }
.facts b { color: var(--fg); font-weight: 600; }
section.pair { margin-top: 8px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
@media print { .chart .plot { break-inside: avoid; } }
`;
