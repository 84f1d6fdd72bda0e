/**
 * ICE in call-test: the TURN server `--turn` runs for the agents, the ICE configuration both agents get,
 * and what each side's connections gathered and selected, read from the pages before the hang-up closes one.
 */
import type { IceConfig, IceConnectionReport } from '../../protocol.js';
import { summarizeIce } from '../../shared/ice-candidate.js';
import type { AgentPage } from '../agent/agent-page.js';
import { startTurnServer, type TurnServer, type TurnServerOptions } from '../turn/turn-server.js';
import type { TurnTransport } from '../turn/turnserver-args.js';
import type { CallTestMetrics, IceConnectionSides } from './result.js';

/** `--turn`: what to start (netlab passes its wan address, namespace prefix and lab ranges here). */
export interface CallTestTurnOptions extends Omit<TurnServerOptions, 'tls'> {
  /** The transports both agents get URLs for; TLS also makes coturn listen for turns:. */
  transports: TurnTransport[];
}

export function startCallTestTurn(options: CallTestTurnOptions, onLog?: (line: string) => void): Promise<TurnServer> {
  return startTurnServer({ ...options, tls: options.transports.includes('tls'), onLog: onLog ?? options.onLog });
}

/** The user's servers, plus ours; with our TURN server both agents go relay-only, so a pass proves TURN works. */
export function agentIceConfig(user: IceConfig, turn: TurnServer | null, transports: TurnTransport[]): IceConfig {
  if (!turn) return user;
  return { iceServers: [...user.iceServers, ...turn.iceServers(transports)], iceTransportPolicy: 'relay' };
}

/**
 * Chromium checks a turns: server's certificate like any TLS peer (measured: a self-signed one fails with
 * icecandidateerror 701). Trust exactly our certificate's key, nothing else.
 */
export function browserArgsForTurn(turn: TurnServer | null): string[] {
  return turn?.tlsSpkiSha256 ? [`--ignore-certificate-errors-spki-list=${turn.tlsSpkiSha256}`] : [];
}

/** The newest report of each side's connection of that kind with the other side. */
function pick(reports: IceConnectionReport[], connection: 'data' | 'media', peer: string): IceConnectionReport | null {
  return reports.filter((r) => r.connection === connection && r.peer === peer).at(-1) ?? null;
}

export async function collectIce(sender: AgentPage, receiver: AgentPage, senderId: string, receiverId: string): Promise<CallTestMetrics['ice']> {
  const [fromSender, fromReceiver] = await Promise.all([sender.iceReports().catch(() => []), receiver.iceReports().catch(() => [])]);
  const sides = (connection: 'data' | 'media'): IceConnectionSides => {
    const s = pick(fromSender, connection, receiverId);
    const r = pick(fromReceiver, connection, senderId);
    return { sender: s ? summarizeIce(s) : null, receiver: r ? summarizeIce(r) : null };
  };
  return { data: sides('data'), video: sides('media') };
}
