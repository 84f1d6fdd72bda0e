import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters, terminalJson, terminalText } from '../../../src/cli/render/terminal-safe.js';

// Strings a hostile peer or server can send: each must reach the terminal with nothing a terminal acts on.
const HOSTILE: Array<[name: string, text: string, shown: string]> = [
  ['plain text', 'hello', 'hello'],
  ['empty', '', ''],
  ['unicode that is fine', 'héllo ✓ 👋 日本', 'héllo ✓ 👋 日本'],
  ['tab', 'tab\there', 'tab\\there'],
  ['newline (a fake second log line)', 'two\n12:00:00 + admin registered', 'two\\n12:00:00 + admin registered'],
  ['CR overwrites the line', 'ok\rFAIL', 'ok\\rFAIL'],
  ['backspace', 'ab\b\bxy', 'ab\\b\\bxy'],
  ['bell', 'bell\u0007', 'bell\\u0007'],
  ['NUL', 'nul\u0000', 'nul\\u0000'],
  ['SGR colour', '\u001b[31mred', '\\u001b[31mred'],
  ['screen clear', '\u001b[2J\u001b[H', '\\u001b[2J\\u001b[H'],
  ['window title (OSC 0)', '\u001b]0;pwned\u0007', '\\u001b]0;pwned\\u0007'],
  ['OSC 8 hyperlink', '\u001b]8;;http://evil/\u001b\\click\u001b]8;;\u001b\\', '\\u001b]8;;http://evil/\\u001b\\\\click\\u001b]8;;\\u001b\\\\'],
  ['DEL', 'a\u007fb', 'a\\u007fb'],
  ['C1 CSI (one-byte escape)', 'a\u009b2Jb', 'a\\u009b2Jb'],
  ['C1 OSC', '\u009d0;title\u009c', '\\u009d0;title\\u009c'],
  ['bidi override (Trojan Source)', 'admin\u202e\u2066txt.exe', 'admin\\u202e\\u2066txt.exe'],
  ['bidi isolates', '\u2067x\u2069', '\\u2067x\\u2069'],
  ['RTL mark', 'a\u200fb', 'a\\u200fb'],
  ['zero-width space (look-alike id)', 'rece\u200biver', 'rece\\u200biver'],
  ['BOM', '\ufeffid', '\\ufeffid'],
  ['line separator', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
  ['backslash alone is kept', 'C:\\path', 'C:\\path'],
  ['backslash next to an escape is doubled', '\\u001b\u001b', '\\\\u001b\\u001b'],
];

describe('terminalText', () => {
  it.each(HOSTILE)('%s', (_name, text, shown) => {
    expect(terminalText(text)).toBe(shown);
  });

  it.each(HOSTILE)('%s: nothing unsafe is left', (_name, text) => {
    expect(hasUnsafeCharacters(terminalText(text))).toBe(false);
  });

  it('escapes every C0, DEL and C1 code point', () => {
    for (const code of [...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)]) {
      const shown = terminalText(`a${String.fromCharCode(code)}b`);
      // eslint-disable-next-line no-control-regex
      expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
  });

  it('cuts a long string and says how much was left out', () => {
    const shown = terminalText('x'.repeat(10_000), { maxChars: 100 });
    expect(shown).toBe(`${'x'.repeat(100)}… [9900 more characters not shown]`);
  });

  it('does not cut a string at the limit', () => {
    expect(terminalText('x'.repeat(100), { maxChars: 100 })).toBe('x'.repeat(100));
  });

  it('never splits a surrogate pair when cutting', () => {
    const shown = terminalText('ab👋cd', { maxChars: 3 });
    expect(shown.startsWith('ab…')).toBe(true);
    expect(shown).not.toMatch(/[\ud800-\udfff]/);
  });

  it('cuts by default at a bound far below a 10 MB line', () => {
    expect(terminalText('y'.repeat(10_000_000)).length).toBeLessThan(10_000);
  });
});

describe('terminalJson', () => {
  it.each(HOSTILE)('%s: the JSON reads back to the same string and prints nothing unsafe', (_name, text) => {
    const json = terminalJson({ from: text, data: [text] });
    expect(hasUnsafeCharacters(json)).toBe(false);
    expect(JSON.parse(json)).toEqual({ from: text, data: [text] });
  });

  it('pretty-prints with the given indent', () => {
    expect(terminalJson({ a: 1 }, 2)).toBe('{\n  "a": 1\n}');
  });

  it('writes null for undefined', () => {
    expect(terminalJson(undefined)).toBe('null');
  });
});
