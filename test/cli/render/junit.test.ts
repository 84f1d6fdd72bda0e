import { describe, expect, it } from 'vitest';
import { escapeXml, escapeXmlAttribute, renderJUnit } from '../../../src/cli/render/junit.js';
import type { CallTestResult } from '../../../src/core/call-test/result.js';
import { sampleCallTestResult } from '../../call-test/fixtures.js';

// ---------------------------------------------------------------------------------------------------------
// A minimal, strict XML reader: elements, attributes, text and the five entities plus character references.
// It throws on anything not well-formed that renderJUnit could plausibly produce (bad nesting, a raw < or &,
// an unknown entity, a duplicate attribute), which is what these tests need to catch.

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function decodeEntities(text: string): string {
  if (/[<]/.test(text)) throw new Error(`raw < in ${JSON.stringify(text)}`);
  return text.replace(/&([^;]*);|&/g, (whole, name: string | undefined) => {
    if (name === undefined) throw new Error(`raw & in ${JSON.stringify(text)}`);
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[name]) return named[name];
    const code = /^#x([0-9a-f]+)$/i.exec(name) ? parseInt(name.slice(2), 16) : /^#(\d+)$/.exec(name) ? Number(name.slice(1)) : null;
    if (code === null) throw new Error(`unknown entity ${whole}`);
    return String.fromCodePoint(code);
  });
}

function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(body); match; match = tag.exec(body)) {
    const top = stack[stack.length - 1]!;
    top.text += decodeEntities(body.slice(last, match.index));
    last = tag.lastIndex;
    const [, closing, name = '', attributeText = '', selfClosing] = match;
    if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key = '', value = ''] of attributeText.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (key in attributes) throw new Error(`duplicate attribute ${key}`);
      attributes[key] = decodeEntities(value);
    }
    const element: XmlElement = { name, attributes, children: [], text: '' };
    top.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (body.slice(last).trim() !== '') throw new Error(`trailing text ${JSON.stringify(body.slice(last))}`);
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (root.children.length !== 1) throw new Error('not exactly one root element');
  return root.children[0]!;
}

const child = (e: XmlElement, name: string) => e.children.filter((c) => c.name === name);

function suiteOf(result: CallTestResult): XmlElement {
  const root = parseXml(renderJUnit(result));
  expect(root.name).toBe('testsuites');
  const suites = child(root, 'testsuite');
  expect(suites).toHaveLength(1);
  return suites[0]!;
}

// ---------------------------------------------------------------------------------------------------------

describe('parseXml (the test helper itself)', () => {
  it.each([
    '<a><b></a></b>',
    '<a>1 < 2</a>',
    '<a>fish & chips</a>',
    '<a x="1" x="2"/>',
    '<a>&nbsp;</a>',
    '<a>',
    '<a/><b/>',
  ])('rejects %j', (xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});

describe('renderJUnit', () => {
  it('declares UTF-8 XML', () => {
    expect(renderJUnit(sampleCallTestResult()).startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  });

  it('has one suite with one testcase per check, timed in seconds', () => {
    const suite = suiteOf(sampleCallTestResult());
    expect(suite.attributes).toMatchObject({ name: 'rtcdemo call-test', tests: '4', failures: '0', errors: '0', skipped: '0', time: '8.301' });
    expect(suite.attributes.timestamp).toBe('2025-01-15T10:00:00.000Z');
    const cases = child(suite, 'testcase');
    expect(cases.map((c) => [c.attributes.name, c.attributes.classname, c.attributes.time])).toEqual([
      ['signaling', 'rtcdemo.call-test', '0.045'],
      ['data', 'rtcdemo.call-test', '0.612'],
      ['video', 'rtcdemo.call-test', '5.480'],
      ['hangup', 'rtcdemo.call-test', '1.210'],
    ]);
    for (const c of cases) expect(c.children).toEqual([]);
  });

  it('reports failed criteria in the failure message and all criteria in its body', () => {
    const result = sampleCallTestResult();
    result.verdict = 'fail';
    const video = result.checks[2]!;
    video.status = 'fail';
    video.criteria[3] = { ...video.criteria[3]!, actual: 8.2, pass: false };
    video.criteria[0] = { ...video.criteria[0]!, actual: null, pass: false };
    const suite = suiteOf(result);
    expect(suite.attributes.failures).toBe('1');
    const failure = child(child(suite, 'testcase')[2]!, 'failure')[0]!;
    expect(failure.attributes.type).toBe('criteria');
    expect(failure.attributes.message).toBe('video.callToStreamMs not measured (expected <= 10000); video.fps 8.2 fps (expected >= 10)');
    expect(failure.text.split('\n')).toEqual([
      'FAIL video.callToStreamMs not measured (expected <= 10000)',
      'pass video.toReceiver.framesDecoded 212 frames (expected >= 1)',
      'pass video.toSender.framesDecoded 208 frames (expected >= 1)',
      'FAIL video.fps 8.2 fps (expected >= 10)',
    ]);
  });

  it('reports a check error, escaping whatever the browser said', () => {
    const result = sampleCallTestResult();
    const nasty = `peer <b> & "co" 'said'\nline 2\tend \u0000\u0007 ]]> \ud800`;
    result.checks[1]!.status = 'fail';
    result.checks[1]!.error = nasty;
    const failure = child(child(suiteOf(result), 'testcase')[1]!, 'failure')[0]!;
    const cleaned = `peer <b> & "co" 'said'\nline 2\tend \ufffd\ufffd ]]> \ufffd`;
    expect(failure.attributes.type).toBe('error');
    expect(failure.attributes.message).toBe(`error: ${cleaned}`);
    expect(failure.text.startsWith(`error: ${cleaned}\npass data.delivered`)).toBe(true);
  });

  it('marks skipped checks with their reason', () => {
    const result = sampleCallTestResult();
    result.checks[3]!.status = 'skipped';
    result.checks[3]!.error = 'video failed';
    result.checks[3]!.durationMs = null;
    const suite = suiteOf(result);
    expect(suite.attributes.skipped).toBe('1');
    const hangup = child(suite, 'testcase')[3]!;
    expect(hangup.attributes.time).toBe('0');
    expect(child(hangup, 'skipped')).toEqual([{ name: 'skipped', attributes: { message: 'video failed' }, children: [], text: '' }]);
    expect(child(hangup, 'failure')).toEqual([]);
  });

  it('carries run facts and measured metrics as properties', () => {
    const result = sampleCallTestResult();
    result.metrics.hangup.detectMs = null;
    const properties = child(child(suiteOf(result), 'properties')[0]!, 'property');
    const byName = Object.fromEntries(properties.map((p) => [p.attributes.name, p.attributes.value]));
    expect(byName).toMatchObject({
      'rtcdemo.version': '0.1.0',
      verdict: 'pass',
      serialization: 'binary',
      'data.rtt.p95': '2.4',
      'data.throughputMBps': '38.23',
      'video.toSender.bitrateKbps': '1790.4',
    });
    expect(byName).not.toHaveProperty(['hangup.detectMs']); // not measured: left out rather than "null"
  });
});

describe('escapeXml', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['a<b>c', 'a&lt;b&gt;c'],
    ['&amp;', '&amp;amp;'],
    [`"'`, '&quot;&apos;'],
    ['tab\tnew\nline', 'tab\tnew\nline'],
    ['\u0000\u001f\ufffe', '\ufffd\ufffd\ufffd'],
    ['😀', '😀'], // a valid surrogate pair survives
    ['\udc00\ud800', '\ufffd\ufffd'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeXml(text)).toBe(escaped);
  });

  it('keeps line breaks in attributes as character references', () => {
    expect(escapeXmlAttribute('a\nb\r\tc')).toBe('a&#10;b&#13;&#9;c');
  });
});
