/**
 * The lab's signaling server, reachable at the wan address from both LANs. Why a child process in the wan
 * namespace and not a server in this process: a socket belongs to the namespace of the process that opens
 * it, and Node can't switch namespaces, while the root namespace has no link to the lab at all (by design:
 * nothing in the lab may reach outside it). The child is our own signaling server (wan-signaling-main.ts).
 */
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../errors.js';
import type { OwnServer } from '../call-test/own-server.js';
import type { SignalingEngine } from '../../server/signaling-server.js';
import type { NetworkLab } from './lab.js';
import { startLabProcess, waitForLine } from './lab-process.js';

const ENTRY = fileURLToPath(new URL('./wan-signaling-main.js', import.meta.url));

export async function startWanSignalingServer(lab: NetworkLab, engine: SignalingEngine = 'rtcdemo'): Promise<OwnServer> {
  const host = lab.addresses.wan;
  const child = startLabProcess([...lab.execPrefix('wan'), process.execPath, ENTRY, host, engine]);
  try {
    const info = await waitForLine(child, parseReady, 10_000, 'the lab signaling server');
    return {
      target: { host, port: info.port, path: info.path, key: info.key, secure: false },
      url: `http://${host}:${info.port}${info.path}`,
      close: () => child.stop(),
    };
  } catch (error) {
    await child.stop();
    throw new EnvironmentError(`could not start the signaling server in the lab: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseReady(line: string): { port: number; path: string; key: string } | null {
  try {
    const value = JSON.parse(line) as { port?: unknown; path?: unknown; key?: unknown };
    return typeof value.port === 'number' && typeof value.path === 'string' && typeof value.key === 'string' ? { port: value.port, path: value.path, key: value.key } : null;
  } catch {
    return null;
  }
}
