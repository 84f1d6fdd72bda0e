/**
 * The one place where text from the network (peer ids, messages, server errors, SDP, close reasons) is made
 * safe for a terminal, in both output modes. Every renderer that prints a string it did not write itself
 * goes through `terminalText` (text mode) or `terminalJson` (--json).
 *
 * Unsafe are the characters a terminal acts on or that hide what a line says:
 * - C0 controls, DEL and C1 controls: ESC/CSI/OSC start escape sequences (title change, screen clear,
 *   hyperlinks), CR and BS overwrite what was printed, U+009B is a one-byte CSI on some terminals;
 * - bidirectional overrides, embeddings, isolates and marks (the "Trojan Source" characters,
 *   https://trojansource.codes/, CVE-2021-42574), which reorder what is shown;
 * - U+2028/U+2029 line and paragraph separators, which some terminals and log viewers break lines on;
 * - zero-width and other invisible format characters and U+FEFF, which make two ids look the same.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;
 
const UNSAFE_GLOBAL = new RegExp(UNSAFE.source, 'g');
 
const UNSAFE_BEYOND_C0 = new RegExp(UNSAFE.source.replace('\\u0000-\\u001f', ''), 'g');
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** What a shown string may be at most before it is cut, by default (a 10 MB line helps nobody). */
export const DEFAULT_SHOWN_CHARS = 4096;

export interface TerminalTextOptions {
  /** Cut after this many characters (of the input) and say how much was left out; default DEFAULT_SHOWN_CHARS. */
  maxChars?: number;
}

function escapeChar(ch: string): string {
  return NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Whether `text` holds a character that `terminalText` would escape. */
export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE.test(text);
}

/**
 * One line of text that is safe to print: unsafe characters become JSON-style escapes (`\n`, `\u001b`), and
 * once anything is escaped, backslashes are too, so the line reads back unambiguously. Text longer than
 * `maxChars` is cut, with a note of how many characters were left out.
 */
export function terminalText(text: string, options: TerminalTextOptions = {}): string {
  const max = options.maxChars ?? DEFAULT_SHOWN_CHARS;
  const cut = text.length > max;
  // Never cut a surrogate pair in half: a lone surrogate prints as garbage.
  let end = cut ? max : text.length;
  if (cut && end > 0 && /[\ud800-\udbff]/.test(text.charAt(end - 1))) end -= 1;
  const head = cut ? text.slice(0, end) : text;
  const escaped = UNSAFE.test(head)
    ? head.replace(/[\\]/g, '\\\\').replace(UNSAFE_GLOBAL, escapeChar)
    : head;
  return cut ? `${escaped}… [${text.length - end} more characters not shown]` : escaped;
}

/**
 * JSON text that is safe to print: JSON.stringify escapes C0 controls but writes C1 controls, DEL and the
 * bidi characters raw; here they become `\uXXXX` escapes too, which every JSON parser reads back to the
 * same string. The value itself is not changed or cut (machines get all of it).
 */
export function terminalJson(value: unknown, space?: number): string {
  const json = JSON.stringify(value, null, space);
  if (json === undefined) return 'null';
  // JSON.stringify already escapes C0 inside strings, so the only raw C0 left are the indent's newlines;
  // every other unsafe character can only stand inside a string, where a \u escape reads back the same.
  return json.replace(UNSAFE_BEYOND_C0, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
