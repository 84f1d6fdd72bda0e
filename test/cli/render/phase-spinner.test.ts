import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPhaseSpinner } from '../../../src/cli/render/phase-spinner.js';
import { rtcdemoEvent } from '../../../src/core/events.js';

/** A stream that says it is a terminal of `columns` width and records what was written to it. */
function terminal(columns: number) {
  // The tty.WriteStream methods ora calls, writing the escape sequences a terminal would get.
  const stream = Object.assign(new PassThrough(), {
    isTTY: true,
    columns,
    cursorTo: (x: number) => stream.write(`\u001b[${x + 1}G`),
    moveCursor: () => true,
    clearLine: () => stream.write('\u001b[2K'),
  });
  let written = '';
  stream.on('data', (chunk: Buffer) => { written += chunk.toString(); });
  return { stream, written: () => written };
}

const phase = (name: 'browser-launched' | 'pages-ready' | 'receiver-open' | 'sender-open' | 'teardown-done', atMs: number) => rtcdemoEvent('phase', { phase: name, atMs });

describe('createPhaseSpinner', () => {
  it('on a terminal, keeps a ✓ line per phase and names the step under way', () => {
    const t = terminal(100);
    const spinner = createPhaseSpinner(t.stream, { mark: '✓', color: false, plainLine: () => { throw new Error('no plain lines on a terminal'); } });
    spinner.onEvent(phase('browser-launched', 640));
    spinner.onEvent(phase('receiver-open', 900));
    expect(t.written()).toContain('✓   640 ms  browser-launched');
    expect(t.written()).toContain('waiting for the other peer to register');
    spinner.onEvent(phase('sender-open', 910));
    expect(t.written()).toContain('opening the data connection');
    spinner.onEvent(phase('teardown-done', 5000));
    spinner.stop();
    expect(t.written()).toContain('✓  5000 ms  teardown-done');
  });

  it('ignores events that are not phases', () => {
    const lines: string[] = [];
    const spinner = createPhaseSpinner(terminal(0).stream, { mark: '✓', color: false, plainLine: (l) => lines.push(l) });
    spinner.onEvent(rtcdemoEvent('peer-registered', { agent: 'a', id: 'a', openMs: 1 }));
    expect(lines).toEqual([]);
  });

  it.each([
    ['a terminal that reports no width', 0, false],
    ['--trace, whose lines a spinner would redraw over', 100, true],
  ])('prints plain phase lines on %s', (_what, columns, plain) => {
    const t = terminal(columns);
    const lines: string[] = [];
    const spinner = createPhaseSpinner(t.stream, { mark: '✓', color: false, plain, plainLine: (l) => lines.push(l) });
    spinner.onEvent(phase('browser-launched', 640));
    spinner.onEvent(phase('pages-ready', 812.6));
    spinner.stop();
    expect(lines).toEqual(['  640 ms  browser-launched', '  813 ms  pages-ready']);
    expect(t.written()).toBe('');
  });
});
