/**
 * Binding the HTTP(S) listeners, and turning "port taken" into an error a person can act on.
 *
 * `localhost` binds 127.0.0.1 and, when the machine has IPv6, ::1 on the same port. Browsers and Node resolve
 * localhost to both and may try ::1 first; a second process owning [::1]:9000 would then silently answer instead
 * of us. So ::1 is best effort only where IPv6 is missing (EADDRNOTAVAIL, EAFNOSUPPORT); a taken ::1 port is as
 * fatal as a taken 127.0.0.1 port (with port 0, we pick again).
 */
import type { Server } from 'node:http';
import { EnvironmentError } from '../shared/errors.js';

export interface BoundListeners {
  servers: Server[];
  port: number;
  /** What is actually bound, for messages: ["127.0.0.1:9000", "[::1]:9000"]. */
  addresses: string[];
}

const IPV6_UNAVAILABLE = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL']);
const PORT_ZERO_ATTEMPTS = 5;

export async function listenAll(createServer: () => Server, host: string, port: number): Promise<BoundListeners> {
  if (host !== 'localhost') {
    const server = createServer();
    const bound = await listenOne(server, port, host).catch((error: unknown) => Promise.reject(listenError(error, host, port)));
    return { servers: [server], port: bound, addresses: [formatAddress(host, bound)] };
  }
  for (let attempt = 1; ; attempt++) {
    const v4 = createServer();
    const bound = await listenOne(v4, port, '127.0.0.1').catch((error: unknown) => Promise.reject(listenError(error, host, port)));
    const v6 = createServer();
    try {
      await listenOne(v6, bound, '::1');
      return { servers: [v4, v6], port: bound, addresses: [`127.0.0.1:${bound}`, `[::1]:${bound}`] };
    } catch (error) {
      const code = errorCode(error);
      if (code && IPV6_UNAVAILABLE.has(code)) return { servers: [v4], port: bound, addresses: [`127.0.0.1:${bound}`] };
      await closeServer(v4);
      if (port === 0 && code === 'EADDRINUSE' && attempt < PORT_ZERO_ATTEMPTS) continue;
      throw listenError(error, host, port === 0 ? bound : port);
    }
  }
}

function listenOne(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** EADDRINUSE and EACCES are the machine's state, not a bug: say which port and what to do instead. */
export function listenError(error: unknown, host: string, port: number): Error {
  const code = errorCode(error);
  const where = formatAddress(host, port);
  const cause = { cause: error };
  switch (code) {
    case 'EADDRINUSE':
      return Object.assign(new EnvironmentError(`port ${port} is already in use on ${host}: stop the other server, or use another port (--port ${port === 65535 ? 9001 : port + 1}, or --port 0 for any free one)`, cause), { code });
    case 'EACCES':
      return Object.assign(new EnvironmentError(`not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges): use another port (--port 9000, or --port 0 for any free one)`, cause), { code });
    case 'EADDRNOTAVAIL':
      return Object.assign(new EnvironmentError(`cannot listen on ${where}: ${host} is not an address of this machine (try --host localhost or --host 0.0.0.0)`, cause), { code });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return Object.assign(new EnvironmentError(`cannot listen on ${host}: the name does not resolve (try --host localhost)`, cause), { code });
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive HTTP connections would hold close() open; upgraded sockets are the caller's to terminate.
    server.closeAllConnections();
  });
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
