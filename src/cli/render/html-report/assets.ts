/**
 * What every report inlines so it opens with no network: uPlot's script and stylesheet, read from the
 * installed `uplot` package (pinned in package.json), and the report's own chart script built by
 * scripts/build.mjs. Read once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { packageFile } from '../../../shared/package-root.js';
import { EnvironmentError } from '../../../core/errors.js';

export interface ReportAssets {
  uplotJs: string;
  uplotCss: string;
  chartsJs: string;
  uplotVersion: string;
}

let cached: ReportAssets | undefined;

export function loadReportAssets(): ReportAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const read = (what: string, resolve: () => string) => {
    let file = '(not found)';
    try {
      file = resolve();
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new EnvironmentError(`the HTML report needs ${what} at ${file}: ${error instanceof Error ? error.message : String(error)} (reinstall rtcdemo, or run npm run build in a clone)`);
    }
  };
  const manifest = JSON.parse(read('uPlot', () => require.resolve('uplot/package.json'))) as { version: string };
  cached = {
    uplotJs: read('uPlot', () => require.resolve('uplot/dist/uPlot.iife.min.js')),
    uplotCss: read('uPlot', () => require.resolve('uplot/dist/uPlot.min.css')),
    chartsJs: read('its chart script', () => packageFile('dist', 'report-page', 'report-charts.js')),
    uplotVersion: manifest.version,
  };
  return cached;
}
