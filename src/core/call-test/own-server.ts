/** call-test's private signaling server: ours (or the stock one), on 127.0.0.1, on a port the OS picks, without demo pages. */
import { startSignalingServer, type SignalingEngine } from '../../server/signaling-server.js';
import type { SignalingTarget } from '../../protocol.js';

export interface OwnServer {
  target: SignalingTarget;
  url: string;
  close(): Promise<void>;
}

export async function startOwnServer(engine: SignalingEngine = 'rtcdemo'): Promise<OwnServer> {
  const server = await startSignalingServer({ port: 0, host: '127.0.0.1', engine });
  return {
    target: { host: server.host, port: server.port, path: server.path, key: server.key, secure: server.secure },
    url: server.url,
    close: () => server.close(),
  };
}
