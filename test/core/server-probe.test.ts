import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/core/errors.js';
import { probeServer } from '../../src/core/server-probe.js';

function listenOnFreePort(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('probeServer', () => {
  it('resolves when something listens on the port', async () => {
    const server = await listenOnFreePort();
    try {
      const connected = new Promise<void>((resolve) => server.once('connection', () => resolve()));
      await expect(probeServer('127.0.0.1', portOf(server), 'http://127.0.0.1/')).resolves.toBeUndefined();
      await connected;
    } finally {
      await close(server);
    }
  });

  it('rejects with an EnvironmentError naming the URL when nothing listens', async () => {
    // A port the OS just handed out and that is closed again: nothing listens there now.
    const server = await listenOnFreePort();
    const port = portOf(server);
    await close(server);
    const url = `http://127.0.0.1:${port}/`;
    const error = await probeServer('127.0.0.1', port, url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).exitCode).toBe(3);
    expect((error as EnvironmentError).message).toBe(
      `cannot reach the signaling server at ${url} (ECONNREFUSED): start it with "rtcdemo serve" or pass --server`,
    );
  });
});
