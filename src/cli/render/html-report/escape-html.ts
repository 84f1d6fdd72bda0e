/**
 * The one escaping function of the HTML report: every string that reaches the document goes through it.
 * Peer ids, error messages, codec names and browser versions come from the network or a page and are
 * untrusted; escaping `& < > " '` makes them inert both in text and in quoted attribute values.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  // Controls (other than tab and newline) have no business in a report; shown as U+FFFD, like the terminal renderer does.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}

/**
 * JSON inside `<script type="application/json">`: `<` is written as \u003c so no string can close the
 * element (`</script>`) or open a comment; U+2028/2029 are escaped for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Only image data URLs of the kinds the agent page makes are embedded; anything else is dropped. */
export function safeImageDataUrl(url: string): string | null {
  return /^data:image\/(?:jpeg|png);base64,[A-Za-z0-9+/]+={0,2}$/.test(url) ? url : null;
}
