/**
 * call-test's live progress on a terminal: a spinner (ora) naming the step under way, and each phase kept
 * as a ✓ line with its time once reached. Only on a TTY; CI logs get the report instead.
 */
import ora, { type Ora } from 'ora';
import type { RtcdemoEvent } from '../../core/events.js';
import type { PhaseName } from '../../core/call-test/result.js';
import { callTestProgressLine } from './progress-line.js';

/** What runs after each phase, shown next to the spinner until the next phase arrives. */
const NEXT_STEP: Partial<Record<PhaseName, string>> = {
  'server-listening': 'launching Chromium',
  'browser-launched': 'opening the agent pages',
  'pages-ready': 'registering both peers with the signaling server',
  'data-connection-open': 'sending numbered messages',
  'first-message-acknowledged': 'data check: messages and bulk transfer',
  'data-check-done': 'placing the video call',
  'call-placed': 'waiting for the remote stream',
  'remote-stream': 'waiting for the first decoded frame both ways',
  'first-frame': 'measuring the media window',
  'media-window-done': 'hanging up',
  'hangup-started': 'waiting for the receiver to notice the hang-up',
  'hangup-detected': 'closing pages, browser and server',
};

export interface PhaseSpinner {
  onEvent(event: RtcdemoEvent): void;
  stop(): void;
}

/**
 * `mark`: the symbol kept before each reached phase (a coloured ✓). A terminal that reports no width (a pty
 * made by `script`, some CI runners) gets plain lines through `plainLine`: ora divides by the width to know
 * how many lines to clear, and with 0 it clears forever. `plain` asks for lines anyway (other output interleaves).
 */
export function createPhaseSpinner(stream: NodeJS.WritableStream & { columns?: number }, options: { mark: string; color: boolean; plain?: boolean; plainLine: (text: string) => void }): PhaseSpinner {
  if (options.plain || !(stream.columns && stream.columns > 0)) {
    return {
      onEvent: (event) => {
        const line = callTestProgressLine(event);
        if (line) options.plainLine(line.text);
      },
      stop: () => undefined,
    };
  }
  const spinner: Ora = ora({
    stream,
    text: 'starting the server and Chromium',
    color: options.color ? 'cyan' : false,
    // Our own SIGINT handling closes the browser; ora must not read stdin or take Ctrl-C.
    discardStdin: false,
    isEnabled: true,
    isSilent: false,
  });
  spinner.start();
  let current = spinner.text;
  const registered = new Set<PhaseName>();
  return {
    onEvent(event) {
      const line = callTestProgressLine(event);
      if (!line) return;
      if (event.type !== 'phase') {
        // Other progress (the network lab's steps): kept as a line above the spinner, which goes on.
        spinner.stopAndPersist({ symbol: '·', text: line.text });
        spinner.start(current);
        return;
      }
      spinner.stopAndPersist({ symbol: options.mark, text: line.text });
      if (event.phase === 'teardown-done') return;
      // The two peers register in either order; the cameras warm up during the data check.
      if (event.phase === 'receiver-open' || event.phase === 'sender-open') {
        registered.add(event.phase);
        current = registered.size === 2 ? 'opening the data connection (ICE, DTLS, SCTP)' : 'waiting for the other peer to register';
      } else {
        current = NEXT_STEP[event.phase] ?? current;
      }
      spinner.start(current);
    },
    stop() {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
