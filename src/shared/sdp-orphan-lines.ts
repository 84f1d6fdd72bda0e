/**
 * Firefox (ESR 153) keeps `a=rtcp-fb`, `a=fmtp` and `a=rtpmap` lines for payload types that
 * setCodecPreferences took out of the m= line, and Chromium refuses such an offer ("Failed to parse
 * SessionDescription. Failed to parse codecs correctly."). Dropping the lines of payload types the m= line
 * does not list leaves exactly the SDP Firefox meant; every other line is kept as it was.
 */
const PAYLOAD_LINE = /^a=(rtcp-fb|fmtp|rtpmap):(\d+|\*)[ \r]/;

export function dropOrphanPayloadLines(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  let listed: Set<string> | null = null;
  const kept: string[] = [];
  for (const line of sdp.split(eol)) {
    if (line.startsWith('m=')) {
      // m=<media> <port> <proto> <fmt> …
      listed = new Set(line.split(' ').slice(3));
    } else if (listed) {
      const match = PAYLOAD_LINE.exec(`${line} `);
      if (match && match[2] !== '*' && !listed.has(match[2]!)) continue;
    }
    kept.push(line);
  }
  return kept.join(eol);
}
