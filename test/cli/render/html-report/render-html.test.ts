import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCallTestReportModel, type SnapshotEvent } from '../../../../src/cli/render/html-report/report-model.js';
import { renderHtmlReport } from '../../../../src/cli/render/html-report/render-html.js';
import { escapeHtml, jsonForScript } from '../../../../src/cli/render/html-report/escape-html.js';
import type { ReportAssets } from '../../../../src/cli/render/html-report/assets.js';
import { sampleCallTestResult } from '../../../call-test/fixtures.js';

// Stand-ins for the inlined scripts: what is checked here is the document around them (the e2e test
// renders with the real uPlot and chart script and opens the file in Chromium).
const assets: ReportAssets = { uplotJs: 'window.uPlot=function(){};', uplotCss: '.uplot{}', chartsJs: 'window.rtcdemoCharts=[];', uplotVersion: '1.6.32' };
const HOSTILE = '<img src=x onerror=alert(1)></script><script>alert(2)</script>"\'&\u001b[2J';

function hostileResult() {
  const result = sampleCallTestResult();
  result.verdict = 'fail';
  result.pairs[0]!.receiverId = HOSTILE;
  result.checks[2] = { ...result.checks[2]!, status: 'fail', error: HOSTILE };
  result.metrics.video.toReceiver.codec = HOSTILE;
  result.pairs[0]!.metrics.video.toReceiver.codec = HOSTILE;
  result.environment.browser = HOSTILE;
  return result;
}

describe('escapeHtml', () => {
  it.each([
    ['<b>', '&lt;b&gt;'],
    ['a & b', 'a &amp; b'],
    [`"'`, '&quot;&#39;'],
    ['\u001b[31m', '\ufffd[31m'],
    ['\u009b', '\ufffd'],
    ['line\nnext\ttab', 'line\nnext\ttab'],
  ])('%j → %j', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });
});

describe('jsonForScript', () => {
  it('can never close its script element', () => {
    const json = jsonForScript({ label: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('</');
    expect(JSON.parse(json)).toEqual({ label: '</script><script>alert(1)</script>' });
  });
});

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(buildCallTestReportModel(hostileResult(), { snapshots: [], rttSamples: [] }), assets);

  it('escapes every page-derived string', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('\u001b');
  });

  it('runs exactly the inlined scripts: three script elements, two of them allowed by hash, the third data', () => {
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([' type="application/json" id="report-charts"', '', '']);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replaceAll('&#39;', "'");
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${hash(assets.uplotJs)} ${hash(assets.chartsJs)}`);
    expect(csp).toContain('img-src data:');
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`style-src ${hash(style)}`);
  });

  it('has no style attribute (the CSP would block it)', () => {
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('shows the failed check first', () => {
    const order = [...html.matchAll(/data-check="([a-z]+)" data-status="([a-z]+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(order).toEqual(['video:fail', 'signaling:pass', 'data:pass', 'hangup:pass']);
    expect(html).toMatch(/<div class="banner fail" id="verdict" data-verdict="fail">/);
  });

  it('embeds a snapshot as an image of its size', () => {
    const shot: SnapshotEvent = { type: 'video-snapshot', at: 1, agent: 'sender', peer: 'receiver', moment: 'first-frame', snapshot: { mimeType: 'image/jpeg', width: 640, height: 480, dataUrl: 'data:image/jpeg;base64,AAAA', at: 1 }, error: null };
    const withShot = renderHtmlReport(buildCallTestReportModel(sampleCallTestResult(), { snapshots: [shot], rttSamples: [] }), assets);
    expect(withShot).toContain('<img src="data:image/jpeg;base64,AAAA" width="640" height="480" alt="receiver → sender, first frame" data-snapshot="pair-1-to-sender-first-frame.jpg">');
  });
});
