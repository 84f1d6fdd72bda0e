/**
 * --connect end to end: call-test with its pages in two browsers on two test hosts (network namespaces),
 * one reached over the Chrome DevTools Protocol, one through chromedriver (W3C WebDriver + BiDi), the
 * signaling server on the bridge address. After every run — pass, a killed browser, Ctrl-C — the WebDriver
 * session is gone and the DevTools browser has no page of ours left.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runRtcdemo, runRtcdemoToEnd } from './support.js';
import {
  createTestHosts, devtoolsPages, freePort, remoteHostsUnavailableReason, startChromedriver, startDevtoolsChromium, webdriverSessions,
  type RemoteProcess, type TestHosts,
} from '../support/remote-hosts.js';
import type { CallTestResult } from '../../src/core/call-test/result.js';
import { createWebDriverSession, deleteWebDriverSessionSync, sessionCapabilities } from '../../src/core/browser/webdriver-session.js';

const unavailable = remoteHostsUnavailableReason();

describe.skipIf(unavailable !== null)(`call-test --connect across test hosts${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let hosts: TestHosts;
  let listen: string;
  let cdp: RemoteProcess | null = null;
  let webdriver: RemoteProcess;

  beforeAll(async () => {
    hosts = createTestHosts();
    const port = await freePort(hosts.serverAddress);
    listen = `${hosts.serverAddress}:${port}`;
    webdriver = await startChromedriver(hosts.namespaces[1]!, hosts.webdriverAddress, hosts.serverAddress);
  }, 60_000);

  afterAll(async () => {
    await cdp?.kill();
    await webdriver?.kill();
    hosts?.remove();
  });

  const ensureCdp = async () => {
    if (cdp && cdp.child.exitCode === null && cdp.child.signalCode === null) return cdp;
    cdp = await startDevtoolsChromium(hosts.namespaces[0]!, hosts.cdpAddress, `http://${listen}`);
    return cdp;
  };

  afterEach(async () => {
    // Whatever happened, nothing of the run is left on either host.
    expect(await webdriverSessions(webdriver.endpoint)).toEqual([]);
    if (cdp && cdp.child.exitCode === null && cdp.child.signalCode === null) {
      expect((await devtoolsPages(cdp.endpoint)).filter((p) => p.url !== 'about:blank')).toEqual([]);
    }
  });

  it('passes with receivers in the WebDriver browser and senders in the DevTools one', async () => {
    const browser = await ensureCdp();
    const pagesBefore = (await devtoolsPages(browser.endpoint)).length;
    const run = await runRtcdemoToEnd([
      'call-test', '--json', '--pairs', '2', '--duration', '2', '--bulk', '256KiB', '--listen', listen,
      '--connect', `webdriver+${webdriver.endpoint}`, '--connect', browser.endpoint,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as CallTestResult;
    expect(result.verdict).toBe('pass');
    expect(result.browsers.map((b) => [b.kind, b.host, b.receivers, b.senders, b.verdict])).toEqual([
      ['webdriver', `${hosts.webdriverAddress}:4444`, 2, 0, 'pass'],
      ['cdp', expect.stringMatching(new RegExp(`^${hosts.cdpAddress.replaceAll('.', '\\.')}:\\d+$`)), 0, 2, 'pass'],
    ]);
    expect(result.browsers.map((b) => b.version)).toEqual([expect.stringMatching(/^chrome\/\d+\./), expect.stringMatching(/Chrome\/\d+\./)]);
    expect(result.pairs.map((p) => [p.receiverBrowser, p.senderBrowser])).toEqual([[1, 2], [1, 2]]);
    // Media really crossed hosts: the selected candidate pair joins the two namespace addresses.
    const pair = result.metrics.video.candidatePair;
    expect([pair?.local.address, pair?.remote.address].sort()).toEqual([hosts.cdpAddress, hosts.webdriverAddress].sort());
    // Our browser context is closed; the browser's own tab is still there.
    expect((await devtoolsPages(browser.endpoint)).length).toBe(pagesBefore);
  }, 90_000);

  it('says in one line which URL a browser could not load when the server is out of its reach', async () => {
    const browser = await ensureCdp();
    const run = await runRtcdemoToEnd(['call-test', '--listen', '127.0.0.1', '--connect', browser.endpoint, '--bulk', '0', '--duration', '1']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^rtcdemo: the browser at ws://${hosts.cdpAddress.replaceAll('.', '\\.')}:\\d+/devtools/browser/\\S+ could not load http://127\\.0\\.0\\.1:\\d+/rtcdemo-agent/ \\([^\\n]+\\n$`));
  }, 60_000);

  it('Ctrl-C mid-call deletes the WebDriver session and closes our pages (exit 130)', async () => {
    const browser = await ensureCdp();
    const run = runRtcdemo(['call-test', '--progress', '--duration', '30', '--bulk', '0', '--listen', listen, '--connect', `webdriver+${webdriver.endpoint}`, '--connect', browser.endpoint]);
    await run.waitFor('stderr', /first-frame/, 60_000);
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(code).toBe(130);
  }, 90_000);

  it('a remote browser killed mid-run fails the run with one clear line (exit 3)', async () => {
    const browser = await ensureCdp();
    const run = runRtcdemo(['call-test', '--progress', '--duration', '30', '--bulk', '0', '--listen', listen, '--connect', `webdriver+${webdriver.endpoint}`, '--connect', browser.endpoint]);
    await run.waitFor('stderr', /first-frame/, 60_000);
    await browser.kill();
    const { code } = await run.exited;
    expect(code).toBe(3);
    expect(run.stdout()).toBe('');
    // Phase lines (--progress) come first; the error is one line, the last.
    expect(run.stderr().trim().split('\n').at(-1)).toEqual(expect.stringMatching(/^rtcdemo: lost the browser at ws:\/\/\S+ \(killed, crashed, or the connection dropped\)$/));
  }, 90_000);

  it('the WebDriver browser killed mid-run fails the run with one clear line (exit 3)', async () => {
    const browser = await ensureCdp();
    const run = runRtcdemo(['call-test', '--progress', '--duration', '30', '--bulk', '0', '--listen', listen, '--connect', `webdriver+${webdriver.endpoint}`, '--connect', browser.endpoint]);
    await run.waitFor('stderr', /first-frame/, 60_000);
    // chromedriver's Chromium, not chromedriver: the grid node stays, its browser dies.
    const pids = hosts.ip('netns', 'pids', hosts.namespaces[1]!).split('\n').filter(Boolean).map(Number).filter((pid) => pid !== webdriver.child.pid);
    for (const pid of pids) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    const { code } = await run.exited;
    expect(code).toBe(3);
    expect(run.stdout()).toBe('');
    expect(run.stderr().trim().split('\n').at(-1)).toEqual(expect.stringMatching(/^rtcdemo: lost the browser at webdriver\+http:\/\/\S+ \(killed, crashed, or the connection dropped\)$/));
  }, 120_000);

  it('receive over DevTools and send over WebDriver, against rtcdemo serve on the bridge', async () => {
    const browser = await ensureCdp();
    const [host, port] = listen.split(':') as [string, string];
    const server = runRtcdemo(['serve', '--host', host, '--port', port, '--quiet']);
    try {
      await server.waitFor('stdout', /signaling on http/, 20_000);
      const serverUrl = `http://${listen}/`;
      const receiver = runRtcdemo(['receive', '--server', serverUrl, '--connect', browser.endpoint, '--id', 'remote-rx', '--count', '1', '--timeout', '60s', '--json']);
      await receiver.waitFor('stderr', /remote-rx/, 60_000);
      const sent = await runRtcdemoToEnd(['send', '--server', serverUrl, '--webdriver', webdriver.endpoint, '--to', 'remote-rx', 'hi over two hosts']);
      expect(sent.stderr).not.toMatch(/^rtcdemo: /m);
      expect(sent.code).toBe(0);
      const { code } = await receiver.exited;
      expect(code).toBe(0);
      expect(JSON.parse(receiver.stdout().trim())).toMatchObject({ data: 'hi over two hosts' });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 120_000);

  it('the exit-time clean-up deletes a session synchronously', async () => {
    const session = await createWebDriverSession(webdriver.endpoint, 'test', sessionCapabilities({ browserName: 'chrome', chromiumArgs: ['--no-sandbox'], acceptInsecureCerts: false }));
    expect(await webdriverSessions(webdriver.endpoint)).toHaveLength(1);
    deleteWebDriverSessionSync(webdriver.endpoint, session.id);
    // afterEach checks that none is left.
  }, 60_000);
});
