/**
 * call-test's private signaling server: ours (or the stock one, `engine`), on a port the OS picks, without demo pages. On 127.0.0.1 unless
 * browsers elsewhere must reach it (`--listen <address>`); `publicUrl` is what they are told to use when the
 * bound address is not the one they can reach (NAT, a container, 0.0.0.0).
 */
import { startSignalingServer, type SignalingEngine } from '../../server/signaling-server.js';
import type { SignalingTarget } from '../../protocol.js';
import { parseListenAddress } from './listen-address.js';

export interface OwnServer {
  target: SignalingTarget;
  url: string;
  close(): Promise<void>;
}

export interface OwnServerOptions {
  /** The address to bind (default 127.0.0.1), optionally with a port: `10.0.0.5`, `10.0.0.5:9000`, `[fd00::1]:0`. */
  listen?: string;
  /** Which server: ours (default) or the stock `peer` one. */
  engine?: SignalingEngine;
  /** The URL browsers use to reach it, when not the bound address (only its scheme, host and port count). */
  publicUrl?: string;
}

export async function startOwnServer(options: OwnServerOptions = {}): Promise<OwnServer> {
  const { host, port } = parseListenAddress(options.listen ?? '127.0.0.1');
  // The pages load from the public URL, so its name must pass the server's Host check (origin-policy.ts).
  const allowOrigins = options.publicUrl ? [new URL(options.publicUrl).origin] : undefined;
  const server = await startSignalingServer({ port, host, engine: options.engine, allowOrigins });
  const target: SignalingTarget = { host: server.host, port: server.port, path: server.path, key: server.key, secure: server.secure };
  if (options.publicUrl) {
    const url = new URL(options.publicUrl);
    target.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    target.port = url.port ? Number(url.port) : server.port;
    target.secure = url.protocol === 'https:';
  } else if (host !== '127.0.0.1' && host !== 'localhost') {
    target.host = host;
  }
  const hostInUrl = target.host.includes(':') ? `[${target.host}]` : target.host;
  return {
    target,
    url: `${target.secure ? 'https' : 'http'}://${hostInUrl}:${target.port}${target.path}`,
    close: () => server.close(),
  };
}
