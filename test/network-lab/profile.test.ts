import { describe, expect, it } from 'vitest';
import { formatRate, needsNetem, parseNetworkProfile } from '../../src/core/network-lab/profile.js';
import { UsageError } from '../../src/core/errors.js';

describe('parseNetworkProfile', () => {
  it.each([
    ['lan', { base: 'lan', udpBlocked: false, lossPercent: null, rateBitsPerSecond: null, delayMs: null, jitterMs: null, text: 'lan' }],
    ['nat', { base: 'nat', text: 'nat' }],
    ['symmetric-nat', { base: 'symmetric-nat', text: 'symmetric-nat' }],
    ['udp-blocked', { base: 'lan', udpBlocked: true, text: 'lan,udp-blocked' }],
    ['loss=5%', { base: 'lan', lossPercent: 5, text: 'lan,loss=5%' }],
    ['loss=2.5', { lossPercent: 2.5, text: 'lan,loss=2.5%' }],
    ['rate=1mbit', { rateBitsPerSecond: 1_000_000, text: 'lan,rate=1mbit' }],
    ['rate=300kbit', { rateBitsPerSecond: 300_000, text: 'lan,rate=300kbit' }],
    ['rate=1.5mbit', { rateBitsPerSecond: 1_500_000, text: 'lan,rate=1500kbit' }],
    ['delay=80ms,jitter=20ms', { delayMs: 80, jitterMs: 20, text: 'lan,delay=80ms,jitter=20ms' }],
    [' Rate=800kbit , NAT,loss=3% ', { base: 'nat', lossPercent: 3, rateBitsPerSecond: 800_000, text: 'nat,loss=3%,rate=800kbit' }],
    ['udp-blocked,symmetric-nat', { base: 'symmetric-nat', udpBlocked: true, text: 'symmetric-nat,udp-blocked' }],
  ])('%s', (text, expected) => {
    expect(parseNetworkProfile(text)).toMatchObject(expected);
  });

  it.each([
    ['wifi', /unknown profile "wifi".*profiles \(join with commas\): lan, nat, symmetric-nat, udp-blocked, loss=…, rate=…, delay=…, jitter=…/],
    ['', /empty item/],
    ['nat,', /empty item/],
    ['nat,symmetric-nat', /"nat" and "symmetric-nat" can't be combined/],
    ['loss=5%,loss=6%', /"loss" appears twice/],
    ['loss=0', /above 0 and up to 100/],
    ['loss=101%', /above 0 and up to 100/],
    ['loss=abc', /percentage/],
    ['loss', /unknown profile "loss"/],
    ['nat=1', /unknown profile "nat=1"/],
    ['rate=100kbps', /bit, kbit, mbit or gbit/],
    ['rate=1', /bit, kbit, mbit or gbit/],
    ['rate=1kbit', /from 8kbit to 10gbit/],
    ['delay=1s', /whole milliseconds/],
    ['delay=20000ms', /up to 10000/],
  ])('rejects %j', (text, message) => {
    expect(() => parseNetworkProfile(text)).toThrow(UsageError);
    expect(() => parseNetworkProfile(text)).toThrow(message);
  });

  it('knows which profiles need netem', () => {
    expect(needsNetem(parseNetworkProfile('nat,loss=5%,rate=1mbit'))).toBe(false);
    expect(needsNetem(parseNetworkProfile('delay=80ms'))).toBe(true);
    expect(needsNetem(parseNetworkProfile('jitter=5ms'))).toBe(true);
  });

  it.each([
    [1_000_000, '1mbit'],
    [300_000, '300kbit'],
    [2e9, '2gbit'],
    [12_345, '12345bit'],
  ])('formatRate(%d) = %s', (bits, text) => {
    expect(formatRate(bits)).toBe(text);
  });
});
