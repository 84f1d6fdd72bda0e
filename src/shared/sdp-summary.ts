/**
 * One-line facts from an SDP and an ICE candidate, for `--trace`. Pure functions, run in the agent page on
 * what PeerJS sends and receives.
 *
 * A line scanner rather than a full SDP parser (sdp-transform and the like build the whole object model of
 * RFC 8866): the trace reads six attributes, and the input may come from a hostile peer, so what is read is
 * bounded — at most SDP_MAX_CHARS of the text, MAX_MEDIA sections, MAX_CODECS names each, MAX_TOKEN_CHARS per
 * name.
 */
import type { CandidateSummary, SdpMediaSummary, SdpSummary } from '../protocol-trace.js';

export const SDP_MAX_CHARS = 64 * 1024;
const MAX_MEDIA = 16;
const MAX_CODECS = 24;
const MAX_TOKEN_CHARS = 64;

const token = (text: string): string => text.slice(0, MAX_TOKEN_CHARS);

export function summarizeSdp(type: string, sdp: string): SdpSummary {
  const media: SdpMediaSummary[] = [];
  let current: SdpMediaSummary | null = null;
  let iceUfrag: string | null = null;
  let fingerprint: SdpSummary['fingerprint'] = null;
  let setup: string | null = null;
  let candidates = 0;
  for (const raw of sdp.slice(0, SDP_MAX_CHARS).split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith('m=')) {
      // m=<media> <port> <proto> <fmt> ...
      const [kind = '', port = ''] = line.slice(2).split(' ');
      current = media.length < MAX_MEDIA ? { kind: token(kind), mid: null, direction: null, codecs: [], port: /^\d+$/.test(port) ? Number(port) : null } : null;
      if (current) media.push(current);
      if (current && line.includes('SCTP')) current.codecs.push('webrtc-datachannel');
      continue;
    }
    if (!line.startsWith('a=')) continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line.slice(2) : line.slice(2, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1);
    switch (name) {
      case 'mid':
        if (current) current.mid = token(value);
        break;
      case 'sendrecv':
      case 'sendonly':
      case 'recvonly':
      case 'inactive':
        if (current) current.direction = name;
        break;
      case 'rtpmap': {
        // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]
        const codec = token(value.split(' ')[1]?.split('/')[0] ?? '');
        if (current && codec && !current.codecs.includes(codec) && current.codecs.length < MAX_CODECS) current.codecs.push(codec);
        break;
      }
      case 'ice-ufrag':
        iceUfrag ??= token(value);
        break;
      case 'fingerprint': {
        const [algorithm = '', hash = ''] = value.split(' ');
        fingerprint ??= { algorithm: token(algorithm), short: shortenFingerprint(hash) };
        break;
      }
      case 'setup':
        setup ??= token(value);
        break;
      case 'candidate':
        candidates += 1;
        break;
    }
  }
  return { type: token(type), media, iceUfrag, fingerprint, setup, candidates, chars: sdp.length };
}

/** `3A:5F:C2:…:8E:9C` → `3A:5F:C2…8E:9C`: enough to compare two lines by eye. */
export function shortenFingerprint(hash: string): string {
  const bytes = hash.slice(0, 4 * MAX_TOKEN_CHARS).split(':');
  if (bytes.length <= 5) return token(hash);
  return `${bytes.slice(0, 3).join(':')}…${bytes.slice(-2).join(':')}`;
}

/**
 * An ICE candidate line (RFC 8839 §5.1): `candidate:<foundation> <component> <transport> <priority>
 * <address> <port> typ <type> [raddr … rport …] [tcptype …] [extensions]`, with or without the `a=` prefix.
 */
export function summarizeCandidate(line: string, mid: string | null = null): CandidateSummary | null {
  const fields = line.slice(0, 1024).trim().replace(/^a=/, '').replace(/^candidate:/, '').split(/\s+/);
  if (fields.length < 8 || fields[6] !== 'typ') return null;
  const component = Number(fields[1]);
  const tcpTypeAt = fields.indexOf('tcptype', 8);
  return {
    type: token(fields[7] ?? ''),
    protocol: token((fields[2] ?? '').toLowerCase()),
    tcpType: tcpTypeAt === -1 ? null : token(fields[tcpTypeAt + 1] ?? ''),
    family: addressFamily(fields[4] ?? ''),
    component: Number.isInteger(component) ? component : null,
    mid: mid === null ? null : token(mid),
  };
}

export function addressFamily(address: string): CandidateSummary['family'] {
  if (/\.local$/i.test(address)) return 'mdns';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return 'ipv4';
  if (address.includes(':') && /^[0-9a-f:.]+$/i.test(address)) return 'ipv6';
  return 'unknown';
}
