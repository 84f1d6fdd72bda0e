/**
 * `--engine stock` end to end: the tutorial's own pages (served by us) call each other through the stock `peer`
 * server, and `rtcdemo call-test --engine stock` passes every check through it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignalingServer, type SignalingServer } from '../../src/server/signaling-server.js';
import { handleDemoPageRequest } from '../../src/server/demo-pages.js';
import type { AgentBrowser } from '../../src/core/browser/launch-browser.js';
import type { CallTestResult } from '../../src/core/call-test/result.js';
import { framesDecoded, launchTestBrowser, openTutorialPage, runRtcdemoToEnd, waitUntil } from './support.js';

declare const peer: { open: boolean } | undefined;

describe('the tutorial through the stock server', () => {
  let server: SignalingServer;
  let browser: AgentBrowser;
  beforeAll(async () => {
    server = await startSignalingServer({ port: 0, host: 'localhost', engine: 'stock', pages: handleDemoPageRequest });
    browser = await launchTestBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the sender page's hi! reaches the receiver page, and both decode the other's video", async () => {
    const relayed: string[] = [];
    server.events.on('relay', (e) => relayed.push(e.type));
    const receiver = await openTutorialPage(browser.browser, `${server.url}receiver`);
    try {
      await waitUntil(() => receiver.page.evaluate(() => typeof peer !== 'undefined' && peer.open), 10_000, 'the receiver page to register');
      const sender = await openTutorialPage(browser.browser, `${server.url}sender`);
      try {
        await receiver.waitForConsole('hi!');
        await waitUntil(async () => (await framesDecoded(receiver.page)) > 0, 20_000, 'frames on the receiver page');
        await waitUntil(async () => (await framesDecoded(sender.page)) > 0, 20_000, 'frames on the sender page');
        expect(relayed).toEqual(expect.arrayContaining(['OFFER', 'ANSWER']));
      } finally {
        await sender.page.close();
      }
    } finally {
      await receiver.page.close();
    }
  }, 60_000);
});

describe('rtcdemo call-test --engine stock', () => {
  it('passes every check through the stock server', async () => {
    const run = await runRtcdemoToEnd(['call-test', '--engine', 'stock', '--duration', '1', '--bulk', '1MiB', '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const result = JSON.parse(run.stdout) as CallTestResult;
    expect(result.checks.map((c) => [c.name, c.status])).toEqual([['signaling', 'pass'], ['data', 'pass'], ['video', 'pass'], ['hangup', 'pass']]);
  }, 90_000);

  it('exits 2 for an unknown engine, and for --engine with --server', async () => {
    const unknown = await runRtcdemoToEnd(['call-test', '--engine', 'nginx']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/'nginx' is invalid\. Allowed choices are rtcdemo, stock/);
    const both = await runRtcdemoToEnd(['call-test', '--engine', 'stock', '--server', 'http://localhost:9000/']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--engine chooses the server call-test starts itself/);
  }, 30_000);
});
