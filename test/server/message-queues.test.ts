/** Queue accounting: per-destination and global caps, delivery order, expiry and who gets told. */
import { describe, expect, it } from 'vitest';
import { MessageQueues, type QueuedMessage } from '../../src/server/message-queues.js';

function message(src: string, dst: string, bytes = 10, type: QueuedMessage['type'] = 'OFFER'): QueuedMessage {
  return { type, src, dst, data: `${src}->${dst}`, bytes, connection: 'data' };
}

function setup(limits = { maxPerPeer: 3, maxTotal: 5, maxBytes: 100 }) {
  let now = 0;
  const queues = new MessageQueues(limits, () => now);
  return { queues, advance: (ms: number) => { now += ms; } };
}

describe('MessageQueues', () => {
  it('delivers in order and forgets what it delivered', () => {
    const { queues } = setup();
    queues.enqueue(message('a', 'x', 10));
    queues.enqueue(message('b', 'x', 20));
    queues.enqueue(message('a', 'y', 5));
    expect([queues.messageCount, queues.byteCount, queues.destinationCount]).toEqual([3, 35, 2]);
    expect(queues.pendingFor('x')).toBe(2);
    expect(queues.take('x').map((m) => m.src)).toEqual(['a', 'b']);
    expect([queues.messageCount, queues.byteCount, queues.destinationCount]).toEqual([1, 5, 1]);
    expect(queues.take('x')).toEqual([]);
  });

  it.each([
    ['per peer', { maxPerPeer: 2, maxTotal: 100, maxBytes: 1000 }, ['queued', 'queued', 'peer-queue-full']],
    ['in total', { maxPerPeer: 100, maxTotal: 2, maxBytes: 1000 }, ['queued', 'queued', 'queue-full']],
    ['in bytes', { maxPerPeer: 100, maxTotal: 100, maxBytes: 25 }, ['queued', 'queued', 'queue-bytes-full']],
  ])('caps %s', (_what, limits, expected) => {
    const { queues } = setup(limits);
    expect([queues.enqueue(message('a', 'x')), queues.enqueue(message('a', 'x')), queues.enqueue(message('a', 'x', 10))]).toEqual(expected);
    expect(queues.messageCount).toBe(2);
    expect(queues.byteCount).toBe(20);
  });

  it('frees room when a queue is taken', () => {
    const { queues } = setup({ maxPerPeer: 10, maxTotal: 2, maxBytes: 1000 });
    queues.enqueue(message('a', 'x'));
    queues.enqueue(message('a', 'y'));
    expect(queues.enqueue(message('a', 'z'))).toBe('queue-full');
    queues.take('x');
    expect(queues.enqueue(message('a', 'z'))).toBe('queued');
  });

  it('expires queues by the age of their first message and names each sender once', () => {
    const { queues, advance } = setup({ maxPerPeer: 10, maxTotal: 10, maxBytes: 1000 });
    queues.enqueue(message('a', 'x'));
    queues.enqueue(message('b', 'x'));
    queues.enqueue(message('a', 'x', 10, 'CANDIDATE'));
    advance(4000);
    queues.enqueue(message('c', 'y'));
    advance(1000);
    expect(queues.expire(5000)).toEqual([{ dst: 'x', messages: 3, bytes: 30, notify: ['a', 'b'] }]);
    expect(queues.messageCount).toBe(1);
    advance(4000);
    expect(queues.expire(5000)).toEqual([{ dst: 'y', messages: 1, bytes: 10, notify: ['c'] }]);
    expect([queues.messageCount, queues.byteCount, queues.destinationCount]).toEqual([0, 0, 0]);
  });

  it('does not tell a sender twice: refused while full, then expired', () => {
    const { queues, advance } = setup({ maxPerPeer: 1, maxTotal: 10, maxBytes: 1000 });
    queues.enqueue(message('a', 'x'));
    expect(queues.enqueue(message('a', 'x'))).toBe('peer-queue-full');
    expect(queues.markNotified('x', 'a')).toBe(true);
    expect(queues.markNotified('x', 'a')).toBe(false);
    advance(10_000);
    expect(queues.expire(5000)).toEqual([{ dst: 'x', messages: 1, bytes: 10, notify: [] }]);
  });

  it('remembers nothing for a destination without a queue (refusals never allocate)', () => {
    const { queues } = setup();
    expect(queues.markNotified('nobody', 'a')).toBe(true);
    expect(queues.markNotified('nobody', 'a')).toBe(true);
    expect(queues.destinationCount).toBe(0);
  });
});
