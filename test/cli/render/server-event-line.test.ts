/** The lines `rtcdemo serve` prints per event, and the "signaling done" notice. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Chalk } from 'chalk';
import { describeServerEvent, describeSignalingDone, SignalingDoneNotifier, type ServerEventRecord } from '../../../src/cli/render/server-event-line.js';
import { formatBytes } from '../../../src/cli/render/format.js';
import { terminalText } from '../../../src/cli/render/terminal-safe.js';
import type { RelayEvent } from '../../../src/server/server-events.js';

const plain = new Chalk({ level: 0 });
const at = 0;
const relay = (overrides: Partial<RelayEvent> = {}): RelayEvent => ({ type: 'OFFER', from: 'alice', to: 'bob', bytes: 1900, delivery: 'direct', connection: 'data', origin: 'peer', at, ...overrides });

describe('describeServerEvent', () => {
  it.each<[ServerEventRecord, string]>([
    [{ name: 'peer-registered', event: { id: 'alice', remoteAddress: '127.0.0.1', peers: 1, reconnected: false, queuedDelivered: 0, at } }, '+ alice registered from 127.0.0.1 (1 peer)'],
    [{ name: 'peer-registered', event: { id: 'bob', remoteAddress: '::1', peers: 2, reconnected: true, queuedDelivered: 3, at } }, '+ bob reconnected from ::1 (2 peers; delivering 3 waiting messages)'],
    [{ name: 'peer-left', event: { id: 'alice', reason: 'timeout', peers: 0, at } }, '- alice left (no heartbeat in time, 0 peers)'],
    [{ name: 'relay', event: relay() }, '→ OFFER (data) alice → bob, 1.9 KiB'],
    [{ name: 'relay', event: relay({ type: 'LEAVE', connection: null, bytes: 40 }) }, '→ LEAVE alice → bob, 40 B'],
    [{ name: 'relay', event: relay({ connection: 'media', delivery: 'queued' }) }, '→ OFFER (media) alice → bob, 1.9 KiB, queued: bob is not connected yet'],
    [{ name: 'relay', event: relay({ delivery: 'from-queue' }) }, '→ OFFER (data) alice → bob, 1.9 KiB, delivered from the queue'],
    [{ name: 'relay', event: relay({ type: 'EXPIRE', from: 'ghost', to: 'alice', origin: 'server', connection: null }) }, "→ EXPIRE to alice: ghost is not connected, alice's messages for it were dropped"],
    [{ name: 'relay', event: relay({ type: 'LEAVE', from: 'bob', to: 'alice', origin: 'server', connection: null }) }, '→ LEAVE to alice: bob is gone'],
    [{ name: 'message-dropped', event: { type: 'CANDIDATE', from: 'alice', to: 'ghost', reason: 'peer-queue-full', at } }, '✗ dropped CANDIDATE alice → ghost: its queue is full'],
    [{ name: 'queue-expired', event: { to: 'ghost', messages: 2, bytes: 3000, at } }, '✗ ghost did not connect in time: 2 waiting messages (2.9 KiB) dropped'],
    [{ name: 'client-rejected', event: { id: null, remoteAddress: '10.0.0.2', reason: 'invalid-key', message: 'Invalid key provided', at } }, '✗ rejected a client from 10.0.0.2: Invalid key provided (invalid-key)'],
    [{ name: 'socket-error', event: { id: 'alice', remoteAddress: '127.0.0.1', message: 'read ECONNRESET', code: 'ECONNRESET', at } }, '! socket error (alice): read ECONNRESET [ECONNRESET]'],
    [{ name: 'server-error', event: { message: 'accept EMFILE', code: 'EMFILE', at } }, '! server error: accept EMFILE [EMFILE]'],
  ])('%#: %s', (record, line) => {
    expect(describeServerEvent(record, plain)).toBe(line);
  });
});

describe('formatBytes, fixed (server log)', () => {
  it.each([[0, '0 B'], [1023, '1023 B'], [1024, '1.0 KiB'], [65_536, '64.0 KiB'], [5 * 1024 * 1024, '5.0 MiB']])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes, { fixed: true })).toBe(text);
  });
});

describe('SignalingDoneNotifier', () => {
  afterEach(() => vi.useRealTimers());

  it('says so once a pair stays quiet after its ANSWER, and waits while candidates still flow', () => {
    vi.useFakeTimers();
    const done: string[] = [];
    const notifier = new SignalingDoneNotifier(2000, (a, b, connection) => done.push(`${a}|${b}|${connection}`));
    notifier.observe(relay({ type: 'OFFER' }));
    vi.advanceTimersByTime(5000);
    expect(done).toEqual([]); // an OFFER alone is not the end of signaling
    notifier.observe(relay({ type: 'ANSWER', from: 'bob', to: 'alice', connection: 'media' }));
    vi.advanceTimersByTime(1500);
    notifier.observe(relay({ type: 'CANDIDATE', connection: 'media' }));
    vi.advanceTimersByTime(1500);
    expect(done).toEqual([]);
    vi.advanceTimersByTime(600);
    expect(done).toEqual(['alice|bob|media']);
    vi.advanceTimersByTime(10_000);
    expect(done).toHaveLength(1);
  });

  it('dispose() cancels pending notices', () => {
    vi.useFakeTimers();
    const done: string[] = [];
    const notifier = new SignalingDoneNotifier(100, (a) => done.push(a));
    notifier.observe(relay({ type: 'ANSWER' }));
    notifier.dispose();
    vi.advanceTimersByTime(1000);
    expect(done).toEqual([]);
  });
});

describe('hostile strings from the network are escaped', () => {
  // What a client chooses: its id (the stock server accepts any), its frame's `dst` and `type`, and text a socket
  // error quotes back. ESC sequences would retitle or clear the operator's terminal; CR overwrites the line;
  // bidi overrides reorder it; C1 CSI (U+009B) is a one-byte escape on some terminals.
  const hostile = ['\u001b]0;pwned\u0007', '\u001b[2J\u001b[H', 'ok\rFAKE', 'a\u202eevil', '\u009b31m', 'x\u200by', 'line\nbreak'];
  const records = (s: string): ServerEventRecord[] => [
    { name: 'peer-registered', event: { id: s, remoteAddress: s, peers: 1, reconnected: false, queuedDelivered: 0, at } },
    { name: 'peer-left', event: { id: s, reason: 'closed', peers: 0, at } },
    { name: 'relay', event: relay({ type: s as RelayEvent['type'], from: s, to: s }) },
    { name: 'relay', event: relay({ type: 'EXPIRE', from: s, to: s, origin: 'server' }) },
    { name: 'relay', event: relay({ type: s as RelayEvent['type'], from: s, to: s, origin: 'server' }) },
    { name: 'relay', event: relay({ from: s, to: s, delivery: 'queued' }) },
    { name: 'message-dropped', event: { type: s as RelayEvent['type'], from: s, to: s, reason: 'queue-full', at } },
    { name: 'queue-expired', event: { to: s, messages: 1, bytes: 1, at } },
    { name: 'client-rejected', event: { id: s, remoteAddress: s, reason: 'malformed-message', message: s, at } },
    { name: 'socket-error', event: { id: s, remoteAddress: s, message: s, code: s, at } },
    { name: 'server-error', event: { message: s, code: s, at } },
  ];
  // eslint-disable-next-line no-control-regex
  const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b\u202e]/;

  it.each(hostile)('%j never reaches the terminal raw', (s) => {
    for (const record of records(s)) {
      const line = describeServerEvent(record, plain);
      expect(line, record.name).not.toMatch(UNSAFE);
      expect(line, record.name).toContain(terminalText(s));
    }
    expect(describeSignalingDone(s, 'bob', 'data')).not.toMatch(UNSAFE);
  });

  it('cuts a 1 MB id to one readable line', () => {
    const line = describeServerEvent({ name: 'peer-left', event: { id: 'a'.repeat(1_000_000), reason: 'closed', peers: 0, at } }, plain);
    expect(line.length).toBeLessThan(400);
    expect(line).toContain('more characters not shown');
  });
});
