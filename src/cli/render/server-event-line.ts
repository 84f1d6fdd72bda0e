/**
 * The stderr line for each signaling server event, so a learner watching `rtcdemo serve` sees peers arrive, the
 * OFFER / ANSWER / CANDIDATE exchange that introduces them, and then silence: the call itself never passes here.
 */
import type { ChalkInstance } from 'chalk';
import type { SignalingEventMap } from '../../server/server-events.js';
import { formatBytes } from './format.js';
import { terminalText } from './terminal-safe.js';

/**
 * Ids, addresses and messages come from the network (a client chooses its id, its `dst`, its frame's `type`, and
 * socket errors quote what it sent), so every one goes through `terminalText` before it reaches the operator's
 * terminal. Ids are cut shorter than other text: a line per event must stay a line.
 */
const ID_CHARS = 200;
const id = (text: string) => terminalText(text, { maxChars: ID_CHARS });
const text = (value: string) => terminalText(value);

/** One event with its name, as `rtcdemo serve` receives them. */
export type ServerEventRecord = { [K in keyof SignalingEventMap]: { name: K; event: SignalingEventMap[K][0] } }[keyof SignalingEventMap];

const LEFT: Record<string, string> = {
  closed: 'socket closed',
  timeout: 'no heartbeat in time',
  leave: 'sent LEAVE',
  rejected: 'disconnected by the server',
};

const DROPPED: Record<string, string> = {
  'peer-queue-full': 'its queue is full',
  'queue-full': 'the server queue is full',
  'queue-bytes-full': 'the server queue is out of bytes',
};

export function describeServerEvent(record: ServerEventRecord, c: ChalkInstance): string {
  switch (record.name) {
    case 'peer-registered': {
      const e = record.event;
      const waiting = e.queuedDelivered > 0 ? `; delivering ${e.queuedDelivered} waiting message${plural(e.queuedDelivered)}` : '';
      return `${c.green('+')} ${c.bold(id(e.id))} ${e.reconnected ? 'reconnected' : 'registered'} from ${id(e.remoteAddress)} (${peers(e.peers)}${waiting})`;
    }
    case 'peer-left': {
      const e = record.event;
      return `${c.dim('-')} ${c.bold(id(e.id))} left (${LEFT[e.reason] ?? text(e.reason)}, ${peers(e.peers)})`;
    }
    case 'relay': {
      const e = record.event;
      // EXPIRE and LEAVE from the server speak for a peer that is absent or gone: say that, not "x → y".
      if (e.origin === 'server' && e.type === 'EXPIRE') return `${c.yellow('→')} ${c.yellow('EXPIRE')} to ${id(e.to)}: ${id(e.from)} is not connected, ${id(e.to)}'s messages for it were dropped`;
      if (e.origin === 'server') return `${c.yellow('→')} ${c.yellow(text(e.type))} to ${id(e.to)}: ${id(e.from)} is gone`;
      const kind = e.connection ? ` ${c.dim(`(${e.connection})`)}` : '';
      const head = `${c.cyan('→')} ${c.cyan(text(e.type))}${kind} ${id(e.from)} → ${id(e.to)}, ${formatBytes(e.bytes, { fixed: true })}`;
      if (e.delivery === 'queued') return `${head}, ${c.yellow(`queued: ${id(e.to)} is not connected yet`)}`;
      if (e.delivery === 'from-queue') return `${head}, delivered from the queue`;
      return head;
    }
    case 'message-dropped': {
      const e = record.event;
      return `${c.yellow('✗')} dropped ${text(e.type)} ${id(e.from)} → ${id(e.to)}: ${DROPPED[e.reason] ?? text(e.reason)}`;
    }
    case 'queue-expired': {
      const e = record.event;
      return `${c.yellow('✗')} ${id(e.to)} did not connect in time: ${e.messages} waiting message${plural(e.messages)} (${formatBytes(e.bytes, { fixed: true })}) dropped`;
    }
    case 'client-rejected': {
      const e = record.event;
      return `${c.red('✗')} rejected ${e.id === null ? 'a client' : id(e.id)} from ${id(e.remoteAddress)}: ${text(e.message)} (${e.reason})`;
    }
    case 'socket-error': {
      const e = record.event;
      const who = id(e.id ?? e.remoteAddress ?? 'a client');
      return `${c.red('!')} socket error (${who}): ${text(e.message)}${e.code ? ` [${text(e.code)}]` : ''}`;
    }
    case 'server-error': {
      const e = record.event;
      return `${c.red('!')} server error: ${text(e.message)}${e.code ? ` [${text(e.code)}]` : ''}`;
    }
  }
}

/** The notice that two peers finished signaling (their ids come from the network too). */
export function describeSignalingDone(a: string, b: string, connection: 'data' | 'media' | null): string {
  const what = connection === 'media' ? 'audio and video' : connection === 'data' ? 'messages' : 'traffic';
  return `  ${id(a)} ↔ ${id(b)}: signaling done; their ${what} now flow directly between them, not through this server`;
}

function peers(n: number): string {
  return `${n} peer${plural(n)}`;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

/**
 * Notices when two peers have finished signaling: an ANSWER passed between them and then nothing more for
 * `quietMs`. That silence is the lesson: from here their data or media flows directly, not through the server.
 */
export class SignalingDoneNotifier {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; connection: 'data' | 'media' | null }>();

  constructor(
    private readonly quietMs: number,
    private readonly onDone: (a: string, b: string, connection: 'data' | 'media' | null) => void,
  ) {}

  observe(event: SignalingEventMap['relay'][0]): void {
    const [a, b] = [event.from, event.to].sort() as [string, string];
    const key = `${a}\u0000${b}`;
    const pending = this.timers.get(key);
    if (!pending && event.type !== 'ANSWER') return;
    if (pending) clearTimeout(pending.timer);
    const connection = event.type === 'ANSWER' ? event.connection : pending?.connection ?? null;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.onDone(a, b, connection);
    }, this.quietMs);
    timer.unref();
    this.timers.set(key, { timer, connection });
  }

  dispose(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
