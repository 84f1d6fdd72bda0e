/**
 * `npm run remote-demo [-- <call-test flags>]` (Linux, root): two test hosts on this machine (network
 * namespaces, test/support/remote-hosts.ts), one running Chromium reached over the Chrome DevTools Protocol and one
 * running chromedriver (W3C WebDriver), then
 *
 *   rtcdemo call-test --pairs 4 --listen <bridge address> --connect webdriver+http://<host B>:4444 --connect ws://<host A>/…
 *
 * receivers in the WebDriver browser, senders in the DevTools one, media between the two hosts. Prints the
 * command it runs, exits with call-test's exit code, and removes hosts and browsers whatever happens.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { importTs } = await import('../bench/import-ts.mjs');
const { createTestHosts, freePort, remoteHostsUnavailableReason, startChromedriver, startDevtoolsChromium } = await importTs('test/support/remote-hosts.ts');

const unavailable = remoteHostsUnavailableReason();
if (unavailable) {
  process.stderr.write(`remote-demo: ${unavailable}\n`);
  process.exit(3);
}
const extra = process.argv.slice(2);
const hosts = createTestHosts();
const owned = [];
let code = 1;
let cli = null;
const forward = (signal) => (cli ? cli.kill(signal) : undefined);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
try {
  const listen = `${hosts.serverAddress}:${await freePort(hosts.serverAddress)}`;
  const webdriver = await startChromedriver(hosts.namespaces[1], hosts.webdriverAddress, hosts.serverAddress);
  owned.push(webdriver);
  const devtools = await startDevtoolsChromium(hosts.namespaces[0], hosts.cdpAddress, `http://${listen}`);
  owned.push(devtools);
  const args = ['call-test', '--pairs', '4', '--listen', listen, '--connect', `webdriver+${webdriver.endpoint}`, '--connect', devtools.endpoint, ...extra];
  process.stderr.write(`$ rtcdemo ${args.join(' ')}\n`);
  cli = spawn(process.execPath, [`${root}bin/rtcdemo.js`, ...args], { stdio: 'inherit' });
  code = await new Promise((resolve) => cli.on('close', (c, signal) => resolve(c ?? (signal === 'SIGTERM' ? 143 : 130))));
} catch (error) {
  process.stderr.write(`remote-demo: ${error instanceof Error ? error.message : String(error)}\n`);
  code = 3;
} finally {
  for (const p of owned.reverse()) await p.kill();
  hosts.remove();
}
process.exit(code);
