/**
 * Node's handle on one agent page: opens it, forwards its events, and calls its typed API.
 * Errors thrown by the page carry a kind (`rtcdemo:<kind>: …`) and become AgentErrors here.
 */
import type { Browser, Page } from 'puppeteer-core';
import { AbortedError, settlesWithin } from '../abort.js';
import { describeRendererStatus, type RendererCrashes } from './renderer-crashes.js';
import {
  AGENT_ERROR_PREFIX,
  type AgentErrorKind,
  type AgentEvent,
  type CallOptions,
  type CallStarted,
  type DataCheckOptions,
  type DataCheckRaw,
  type IceConnectionReport,
  type MediaStatsSample,
  type PeerStarted,
  type SendMessagesOptions,
  type SendMessagesResult,
  type StartPeerOptions,
  type VideoCodecName,
  type VideoCodecSupport,
  type VideoSnapshot,
} from '../../protocol.js';
import { serveAgentPageOverDevtools } from './page-over-devtools.js';

export class AgentError extends Error {
  override name = 'AgentError';
  constructor(
    readonly kind: AgentErrorKind | 'page-closed' | 'page-crashed' | 'unknown',
    message: string,
  ) {
    super(message);
  }
}

export function toAgentError(error: unknown): AgentError {
  if (error instanceof AgentError) return error;
  // Over WebDriver BiDi, puppeteer appends Firefox's remote-agent frames to the page's message
  // ("… #buildExceptionDetails@chrome://remote/content/webdriver-bidi/…:49:13"): they are not the page's words.
  const text = (error instanceof Error ? error.message : String(error)).replace(/\s+\S*@chrome:\/\/remote\/\S*/g, '');
  const match = new RegExp(`${AGENT_ERROR_PREFIX}([a-z-]+): (.*)`, 's').exec(text);
  if (match) return new AgentError(match[1] as AgentErrorKind, match[2]!.split('\n')[0]!);
  if (/Target closed|Session closed|detached|Protocol error.*closed/i.test(text)) return new AgentError('page-closed', 'the agent page closed');
  return new AgentError('unknown', text.split('\n')[0]!);
}

export interface AgentPageOptions {
  /** A name for log lines: "receiver", "sender". */
  name: string;
  /** The agent host's URL; null serves the page over the DevTools connection (page-over-devtools.ts). */
  hostUrl: string | null;
  onEvent: (event: AgentEvent) => void;
  /** Page console output and errors, for --verbose. */
  onConsole?: (line: string) => void;
  /**
   * Called once, at once, when the page dies under us (its renderer crashed or was killed, or the tab closed):
   * the owner ends the command with the reason instead of waiting on a page that will never answer.
   */
  onLost?: (error: AgentError) => void;
  /** Where the crash reason comes from. */
  crashes?: RendererCrashes;
  /** Ctrl-C: every pending page call rejects at once (a hung renderer would hold it for the protocol timeout). */
  signal?: AbortSignal;
}

/** Shutdown steps get this long each: a healthy page takes a few ms, a hung one would take forever. */
const DESTROY_WITHIN_MS = 250;
const CLOSE_WITHIN_MS = 200;
/** How long to wait for the browser to say why a renderer ended, once the page reported the crash. */
const CRASH_STATUS_WAIT_MS = 200;

export class AgentPage {
  private lostError: AgentError | null = null;
  private closing = false;
  /** Rejects when the page dies; every page call races it. */
  private readonly lost: Promise<never>;
  private rejectLost: (error: AgentError) => void = () => undefined;

  private constructor(
    readonly name: string,
    readonly page: Page,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.lost = new Promise<never>((_, reject) => {
      this.rejectLost = reject;
    });
    this.lost.catch(() => undefined);
  }

  /** Why the page died, or null while it lives. */
  get lostReason(): AgentError | null {
    return this.lostError;
  }

  private watchLife(options: AgentPageOptions): void {
    const lose = (error: AgentError) => {
      if (this.lostError || this.closing) return;
      this.lostError = error;
      options.onLost?.(error);
      this.rejectLost(error);
    };
    // PageEvent.Error is puppeteer's "Page crashed!" (CDP Inspector.targetCrashed): the renderer is gone.
    this.page.on('error', () => {
      if (this.lostError || this.closing) return;
      const status = options.crashes ? options.crashes.statusOf(this.page, CRASH_STATUS_WAIT_MS) : Promise.resolve(null);
      void status.then((s) => lose(new AgentError('page-crashed', `the agent page (${this.name}) died: ${describeRendererStatus(s)}`)));
    });
    this.page.on('close', () => lose(new AgentError('page-closed', `the agent page (${this.name}) was closed`)));
  }

  /** Opens an agent page in a new tab, or in `blank` (an unused tab the browser already has). */
  static async open(browser: Pick<Browser, 'newPage'>, options: AgentPageOptions, blank?: Page): Promise<AgentPage> {
    const page = blank ?? (await browser.newPage());
    const agentPage = new AgentPage(options.name, page, options.signal);
    try {
      await page.exposeFunction('rtcdemoEmit', (event: AgentEvent) => options.onEvent(event));
      if (options.onConsole) {
        const onConsole = options.onConsole;
        page.on('console', (msg) => onConsole(`[${options.name} console.${msg.type()}] ${msg.text()}`));
        page.on('pageerror', (error) => onConsole(`[${options.name} page error] ${error instanceof Error ? error.message : String(error)}`));
      }
      await page.goto(options.hostUrl ?? (await serveAgentPageOverDevtools(page)), { waitUntil: 'load' });
      await page.waitForFunction(() => typeof window.rtcAgent === 'object');
    } catch (error) {
      await settlesWithin(page.close(), CLOSE_WITHIN_MS);
      throw error;
    }
    agentPage.watchLife(options);
    return agentPage;
  }

  /**
   * Calls the page, but never waits on a page that died or a command that was interrupted: a crashed renderer
   * rejects every pending call at once with the reason, Ctrl-C with AbortedError.
   */
  private async invoke<T>(fn: () => Promise<T>, options: { abortable?: boolean } = {}): Promise<T> {
    if (this.lostError) throw this.lostError;
    const pending = fn();
    pending.catch(() => undefined);
    const races: Array<Promise<T>> = [pending, this.lost];
    let onAbort: (() => void) | undefined;
    if (this.signal && options.abortable !== false) {
      const signal = this.signal;
      races.push(
        new Promise<never>((_, reject) => {
          onAbort = () => reject(new AbortedError());
          if (signal.aborted) onAbort();
          else signal.addEventListener('abort', onAbort, { once: true });
        }),
      );
    }
    try {
      return await Promise.race(races);
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      throw this.lostError ?? toAgentError(error);
    } finally {
      if (onAbort) this.signal?.removeEventListener('abort', onAbort);
    }
  }

  startPeer(options: StartPeerOptions): Promise<PeerStarted> {
    return this.invoke(() => this.page.evaluate((o) => window.rtcAgent.startPeer(o), options));
  }

  sendMessages(options: SendMessagesOptions): Promise<SendMessagesResult> {
    return this.invoke(() => this.page.evaluate((o) => window.rtcAgent.sendMessages(o), options));
  }

  call(options: CallOptions): Promise<CallStarted> {
    return this.invoke(() => this.page.evaluate((o) => window.rtcAgent.call(o), options));
  }

  sampleMedia(peer?: string): Promise<MediaStatsSample | null> {
    return this.invoke(() => this.page.evaluate((p) => window.rtcAgent.sampleMedia(p ?? undefined), peer ?? null));
  }

  preferVideoCodec(codec: VideoCodecName | null): Promise<VideoCodecSupport> {
    return this.invoke(() => this.page.evaluate((c) => window.rtcAgent.preferVideoCodec(c), codec));
  }

  runDataCheck(options: DataCheckOptions): Promise<DataCheckRaw> {
    return this.invoke(() => this.page.evaluate((o) => window.rtcAgent.runDataCheck(o), options));
  }

  iceReports(): Promise<IceConnectionReport[]> {
    return this.invoke(() => this.page.evaluate(() => window.rtcAgent.iceReports()));
  }

  warmCamera(): Promise<number> {
    return this.invoke(() => this.page.evaluate(() => window.rtcAgent.warmCamera()));
  }

  snapshotRemoteVideo(timeoutMs: number): Promise<VideoSnapshot> {
    return this.invoke(() => this.page.evaluate((ms) => window.rtcAgent.snapshotRemoteVideo(ms), timeoutMs));
  }

  /** Also after Ctrl-C (the call ends politely), but then for no longer than a healthy page needs. */
  async hangUp(): Promise<void> {
    const call = this.invoke(() => this.page.evaluate(() => window.rtcAgent.hangUp()), { abortable: false });
    if (!this.signal?.aborted) return call;
    call.catch(() => undefined);
    await settlesWithin(call, DESTROY_WITHIN_MS);
  }

  /** Closes the page as a user closing the tab would: pagehide fires, the peer is destroyed. */
  async closeLikeUser(): Promise<void> {
    this.closing = true;
    await settlesWithin(this.page.close({ runBeforeUnload: true }), CLOSE_WITHIN_MS);
  }

  /**
   * Destroys the peer (so the other side learns at once) and closes the tab, each step bounded: a hung or
   * dead renderer must not hold up Ctrl-C (the browser's close, and a kill after it, take it down anyway).
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.page.isClosed() || this.lostError) return;
    const destroyed = await settlesWithin(this.page.evaluate(() => window.rtcAgent.destroy()), DESTROY_WITHIN_MS);
    // A page that did not answer in time is hung: closing its tab would hang as well.
    if (destroyed) await settlesWithin(this.page.close(), CLOSE_WITHIN_MS);
  }
}
