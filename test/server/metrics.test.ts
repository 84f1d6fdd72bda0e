/** The Prometheus text: names, types, labels, escaping. */
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, renderPrometheusText, ServerCounters, type ServerStats } from '../../src/server/metrics.js';

function stats(overrides: Partial<ServerStats> = {}): ServerStats {
  const counters = new ServerCounters();
  return {
    uptimeSeconds: 12.5,
    peers: 3,
    connections: 4,
    pendingSockets: 5,
    queuedMessages: 2,
    queuedBytes: 1500,
    peersRegisteredTotal: 7,
    relayed: counters.relayed,
    errors: {},
    rejected: {},
    ...overrides,
  };
}

describe('renderPrometheusText', () => {
  it('renders every family with HELP and TYPE, and the values', () => {
    const text = renderPrometheusText(stats());
    expect(text).toContain('# HELP rtcdemo_peers_connected Peers registered with the signaling server.\n# TYPE rtcdemo_peers_connected gauge\nrtcdemo_peers_connected 3\n');
    expect(text).toContain('# TYPE rtcdemo_messages_queued gauge\nrtcdemo_messages_queued 2\n');
    expect(text).toContain('rtcdemo_uptime_seconds 12.5\n');
    expect(text).toContain('# TYPE rtcdemo_messages_relayed_total counter\n');
    for (const type of ['ANSWER', 'CANDIDATE', 'EXPIRE', 'LEAVE', 'OFFER']) expect(text).toContain(`rtcdemo_messages_relayed_total{type="${type}"} 0\n`);
    expect(text.endsWith('\n')).toBe(true);
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE')).map((l) => l.split(' ')[2]);
    expect(new Set(types).size).toBe(types.length);
  });

  it('renders labelled counters sorted by label, and nothing for kinds that never happened', () => {
    const counters = new ServerCounters();
    counters.countRejected('rate-limited');
    counters.countRejected('id-taken');
    counters.countRejected('id-taken');
    counters.countError('socket');
    counters.countRelayed('OFFER');
    const text = renderPrometheusText(stats({ relayed: counters.relayed, errors: counters.errors, rejected: counters.rejected }));
    expect(text).toContain('rtcdemo_clients_rejected_total{reason="id-taken"} 2\nrtcdemo_clients_rejected_total{reason="rate-limited"} 1\n');
    expect(text).toContain('rtcdemo_errors_total{kind="socket"} 1\n');
    expect(text).toContain('rtcdemo_messages_relayed_total{type="OFFER"} 1\n');
    expect(text).not.toContain('kind="tls"');
  });

  it('escapes label values as the exposition format requires', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});
