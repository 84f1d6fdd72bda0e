import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCallTest, startSignalingServer, withAgent, type SignalingServer } from 'rtcdemo';

let server: SignalingServer;

beforeAll(async () => {
  // A real PeerJS signaling server on a free port.
  server = await startSignalingServer({ port: 0, host: '127.0.0.1' });
});

afterAll(() => server.close());

it('delivers a message and carries video between two headless Chromium agents', async () => {
  await withAgent({ server: server.url, id: 'receiver' }, async (receiver) => {
    await withAgent({ server: server.url }, async (sender) => {
      const sent = await sender.send('receiver', 'hi!');
      expect(sent.messages[0]?.delivery).toBe('acknowledged');

      const arrived = await receiver.nextMessage({ from: sender.id });
      expect(arrived.message.text).toBe('hi!');

      const call = await sender.call('receiver', { durationMs: 2000 });
      expect(call.received.framesDecoded).toBeGreaterThan(0);
      expect(call.candidatePair?.local.type).toBe('host');
    });
  });
}, 60_000);

it('runs the whole call test and returns the report as data', async () => {
  const result = await runCallTest({ server: server.url, messages: 20, durationMs: 1000 });
  expect(result.checks.map((check) => check.name)).toEqual(['signaling', 'data', 'video', 'hangup']);
  expect(result.metrics.data.delivered).toBe(20);
}, 60_000);
