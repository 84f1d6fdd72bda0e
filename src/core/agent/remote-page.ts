/**
 * Opening the agent page in a browser elsewhere: it loads from the signaling server (AGENT_PAGE_PATH), so
 * the two ways this goes wrong are the network (that browser can't reach the server) and the secure context
 * (that browser treats http://<server> as insecure and has no camera). Each becomes one line naming the URL.
 */
import type { Browser } from 'puppeteer-core';
import { AgentPage, type AgentPageOptions } from './agent-page.js';
import { EnvironmentError } from '../errors.js';

export async function openRemoteAgentPage(pages: Pick<Browser, 'newPage'>, options: AgentPageOptions & { hostUrl: string }, browserLabel: string): Promise<AgentPage> {
  let page: AgentPage;
  try {
    page = await AgentPage.open(pages, options);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/ at https?:\/\/\S+$/, '');
    throw new EnvironmentError(
      `the browser at ${browserLabel} could not load ${options.hostUrl} (${reason.slice(0, 160)}): the signaling server must be reachable from that browser (call-test: --listen <address>, --public-url <url>)`,
    );
  }
  const secure = await page.page.evaluate(() => window.isSecureContext).catch(() => true);
  if (!secure) {
    await page.close();
    const origin = new URL(options.hostUrl).origin;
    throw new EnvironmentError(
      `the browser at ${browserLabel} treats ${origin} as insecure, so it has no camera: start it with --unsafely-treat-insecure-origin-as-secure=${origin}, or serve over HTTPS`,
    );
  }
  return page;
}
