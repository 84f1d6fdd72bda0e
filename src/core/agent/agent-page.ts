/**
 * Node's handle on one agent page: opens it, forwards its events, and calls its typed API.
 * Errors thrown by the page carry a kind (`rtcdemo:<kind>: …`) and become AgentErrors here.
 */
import type { Browser, Page } from 'puppeteer-core';
import {
  AGENT_ERROR_PREFIX,
  type AgentErrorKind,
  type AgentEvent,
  type CallOptions,
  type CallStarted,
  type DataCheckOptions,
  type DataCheckRaw,
  type MediaStatsSample,
  type PeerStarted,
  type SendMessagesOptions,
  type SendMessagesResult,
  type StartPeerOptions,
} from '../../protocol.js';

export class AgentError extends Error {
  override name = 'AgentError';
  constructor(
    readonly kind: AgentErrorKind | 'page-closed' | 'unknown',
    message: string,
  ) {
    super(message);
  }
}

export function toAgentError(error: unknown): AgentError {
  if (error instanceof AgentError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const match = new RegExp(`${AGENT_ERROR_PREFIX}([a-z-]+): (.*)`, 's').exec(text);
  if (match) return new AgentError(match[1] as AgentErrorKind, match[2]!.split('\n')[0]!);
  if (/Target closed|Session closed|detached|Protocol error.*closed/i.test(text)) return new AgentError('page-closed', 'the agent page closed');
  return new AgentError('unknown', text.split('\n')[0]!);
}

export interface AgentPageOptions {
  /** A name for log lines: "receiver", "sender". */
  name: string;
  hostUrl: string;
  onEvent: (event: AgentEvent) => void;
  /** Page console output and errors, for --verbose. */
  onConsole?: (line: string) => void;
}

export class AgentPage {
  private constructor(
    readonly name: string,
    readonly page: Page,
  ) {}

  /** Opens an agent page in a new tab, or in `blank` (an unused tab the browser already has). */
  static async open(browser: Browser, options: AgentPageOptions, blank?: Page): Promise<AgentPage> {
    const page = blank ?? (await browser.newPage());
    try {
      await page.exposeFunction('rtcdemoEmit', (event: AgentEvent) => options.onEvent(event));
      if (options.onConsole) {
        const onConsole = options.onConsole;
        page.on('console', (msg) => onConsole(`[${options.name} console.${msg.type()}] ${msg.text()}`));
        page.on('pageerror', (error) => onConsole(`[${options.name} page error] ${error instanceof Error ? error.message : String(error)}`));
      }
      await page.goto(options.hostUrl, { waitUntil: 'load' });
      await page.waitForFunction(() => typeof window.rtcAgent === 'object');
    } catch (error) {
      await page.close().catch(() => undefined);
      throw error;
    }
    return new AgentPage(options.name, page);
  }

  private async invoke<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toAgentError(error);
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

  runDataCheck(options: DataCheckOptions): Promise<DataCheckRaw> {
    return this.invoke(() => this.page.evaluate((o) => window.rtcAgent.runDataCheck(o), options));
  }

  warmCamera(): Promise<number> {
    return this.invoke(() => this.page.evaluate(() => window.rtcAgent.warmCamera()));
  }

  hangUp(): Promise<void> {
    return this.invoke(() => this.page.evaluate(() => window.rtcAgent.hangUp()));
  }

  /** Closes the page as a user closing the tab would: pagehide fires, the peer is destroyed. */
  async closeLikeUser(): Promise<void> {
    await this.page.close({ runBeforeUnload: true }).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.page.isClosed()) return;
    await this.page.evaluate(() => window.rtcAgent.destroy()).catch(() => undefined);
    await this.page.close().catch(() => undefined);
  }
}
