import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/core/errors.js';
import { INSTALL_HINT } from '../../src/core/browser/find-browser.js';
import { runCliCaptured } from '../support/run-cli.js';
import { stubCliEnv } from '../support/cli-env.js';

/**
 * A TCP listener on a port the OS picks, standing in for the signaling server: send, receive and call probe
 * the server while the browser is being found, and the probe must find someone listening or its rejection
 * would go unhandled (see the report). `nextConnection()` resolves once a probe has connected, so the
 * listener is never closed under a probe that is still on its way.
 */
interface Listener {
  url: string;
  nextConnection(): Promise<void>;
  close(): Promise<void>;
}

async function listen(): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const waiting: (() => void)[] = [];
  let connections = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    connections += 1;
    waiting.shift()?.();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  let awaited = 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    nextConnection: () => {
      awaited += 1;
      return awaited <= connections ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let server: Listener;
beforeEach(async () => {
  stubCliEnv();
  server = await listen();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

describe.each([
  [['send', '--to', 'receiver']],
  [['receive']],
  [['call', '--to', 'receiver']],
])('rtcdemo %j --browser /nonexistent/chrome', (args) => {
  it('exits 3 with one line naming the path and how to install a browser, and no stack', async () => {
    const run = await runCliCaptured([...args, '--browser', '/nonexistent/chrome', '--server', server.url]);
    await server.nextConnection();
    expect(run.code).toBe(ExitCode.environment);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`rtcdemo: --browser /nonexistent/chrome: no executable browser there; ${INSTALL_HINT}\n`);
    expect(run.stderr).toContain('apt-get install -y chromium');
  });

  it('adds the stack with --verbose', async () => {
    const run = await runCliCaptured(['--verbose', ...args, '--browser', '/nonexistent/chrome', '--server', server.url]);
    await server.nextConnection();
    expect(run.code).toBe(ExitCode.environment);
    const [first, ...rest] = run.stderr.split('\n');
    expect(first).toBe(`rtcdemo: --browser /nonexistent/chrome: no executable browser there; ${INSTALL_HINT}`);
    expect(rest[0]).toMatch(/^EnvironmentError: /);
    expect(rest.join('\n')).toMatch(/^ {4}at .*find-browser/m);
  });
});

describe('CHROME_PATH pointing nowhere', () => {
  it('exits 3 naming the variable', async () => {
    vi.stubEnv('CHROME_PATH', '/nonexistent/from-env/chrome');
    const run = await runCliCaptured(['send', '--to', 'receiver', '--server', server.url]);
    await server.nextConnection();
    expect(run.code).toBe(ExitCode.environment);
    expect(run.stderr).toBe(`rtcdemo: CHROME_PATH=/nonexistent/from-env/chrome: no executable browser there; ${INSTALL_HINT}\n`);
  });
});

describe('rtcdemo call-test --server <url> --browser /nonexistent/chrome', () => {
  it('exits 3 with the install hint before contacting the server', async () => {
    const run = await runCliCaptured(['call-test', '--server', server.url, '--browser', '/nonexistent/chrome']);
    expect(run.code).toBe(ExitCode.environment);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`rtcdemo: --browser /nonexistent/chrome: no executable browser there; ${INSTALL_HINT}\n`);
  });
});
