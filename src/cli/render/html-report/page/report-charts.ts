/**
 * The report's only script of its own: draws every chart with uPlot (inlined before it) from the JSON in
 * `<script id="report-charts" type="application/json">`. Bundled by esbuild into dist/report-page/ and
 * inlined into each report, so the file needs no network. Charts keep their uPlot instances on
 * `window.rtcdemoCharts` (the end-to-end test reads them; so can a curious reader in the console).
 */
import type uPlot from 'uplot';
import type { ChartView } from '../chart-views.js';

declare global {
  interface Window {
    uPlot: typeof uPlot;
    rtcdemoCharts: uPlot[];
  }
}

const HEIGHT = 200;

function options(chart: ChartView, width: number): uPlot.Options {
  const U = window.uPlot;
  const bars = chart.kind === 'bars';
  return {
    width,
    height: HEIGHT,
    // A static legend (labels and colours); live values under the cursor would read "--" in a screenshot or print.
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false, ...(bars ? { range: (_u, min, max) => [min, max + (chart.x[1] !== undefined ? chart.x[1] - chart.x[0]! : 1)] } : {}) }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { label: chart.xLabel, labelSize: 18, size: 36, stroke: '#57606a', grid: { stroke: '#eaeef2' }, ticks: { stroke: '#d0d7de' } },
      { label: chart.unit, labelSize: 18, size: 56, stroke: '#57606a', grid: { stroke: '#eaeef2' }, ticks: { stroke: '#d0d7de' } },
    ],
    series: [
      { label: chart.xLabel === 's' ? 'second' : chart.xLabel },
      ...chart.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: bars ? 1 : 2,
        fill: bars ? `${s.color}88` : undefined,
        dash: s.dashed ? [6, 4] : undefined,
        spanGaps: true,
        points: { show: !bars, size: 5 },
        paths: bars ? U.paths.bars!({ size: [0.9, 80], align: 1 }) : undefined,
      })),
    ],
  };
}

function draw(): void {
  const source = document.getElementById('report-charts');
  const charts = JSON.parse(source?.textContent ?? '[]') as ChartView[];
  const drawn: uPlot[] = [];
  for (const chart of charts) {
    const target = document.getElementById(`chart-${chart.id}`);
    if (!target) continue;
    const data = [chart.x, ...chart.series.map((s) => s.values)] as uPlot.AlignedData;
    drawn.push(new window.uPlot(options(chart, Math.max(280, target.clientWidth)), data, target));
  }
  window.rtcdemoCharts = drawn;
  // Charts follow the window's width (the report is read on laptops and wide monitors alike).
  let pending = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      for (const u of drawn) {
        const parent = u.root.parentElement;
        if (parent) u.setSize({ width: Math.max(280, parent.clientWidth), height: HEIGHT });
      }
    });
  });
}

draw();
