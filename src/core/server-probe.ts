/**
 * A quick TCP check that the signaling server is there, run while the browser launches, so "nothing is
 * listening" is one clear line in milliseconds instead of a PeerJS socket error after a browser start.
 */
import net from 'node:net';
import { EnvironmentError } from './errors.js';

export function probeServer(host: string, port: number, url: string, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const fail = (reason: string) => {
      socket.destroy();
      reject(new EnvironmentError(`cannot reach the signaling server at ${url} (${reason}): start it with "rtcdemo serve" or pass --server`));
    };
    socket.setTimeout(timeoutMs, () => fail('no answer'));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}
