/**
 * Why an agent page's renderer died. Puppeteer only says "Page crashed!"; the browser's own
 * `Target.targetCrashed` event carries the termination status ("killed", "oom", "crashed"…), which is what a
 * user needs to tell a kill or the out-of-memory killer (a peer sent a huge message) from a renderer bug.
 * https://chromedevtools.github.io/devtools-protocol/tot/Target/#event-targetCrashed
 */
import type { Browser, Page } from 'puppeteer-core';

export interface RendererCrashes {
  /** The termination status of `page`'s renderer, waiting up to `waitMs` for the browser to report it. */
  statusOf(page: Page, waitMs: number): Promise<string | null>;
}

/** Starts listening in the background (nothing waits for it: pages open meanwhile). */
export function watchRendererCrashes(browser: Browser): RendererCrashes {
  const statuses = new Map<string, string>();
  const waiters = new Set<() => void>();
  void (async () => {
    const session = await browser.target().createCDPSession();
    session.on('Target.targetCrashed', (event: { targetId: string; status: string }) => {
      statuses.set(event.targetId, event.status);
      for (const wake of waiters) wake();
    });
    await session.send('Target.setDiscoverTargets', { discover: true });
  })().catch(() => {
    // Without the browser session the reason is generic; detecting the crash itself does not depend on it.
  });
  return {
    statusOf(page, waitMs) {
      const id = targetIdOf(page);
      if (id === null) return Promise.resolve(null);
      const known = statuses.get(id);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve) => {
        const wake = () => {
          const status = statuses.get(id);
          if (status !== undefined) finish(status);
        };
        const timer = setTimeout(() => finish(null), waitMs);
        function finish(status: string | null) {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(status);
        }
        waiters.add(wake);
      });
    },
  };
}

/** Puppeteer keeps the CDP target id on an internal field (puppeteer-core is pinned; null if it moves). */
function targetIdOf(page: Page): string | null {
  const id = (page.target() as unknown as { _targetId?: unknown })._targetId;
  return typeof id === 'string' ? id : null;
}

/** One line on why a renderer ended, from Chromium's termination status. */
export function describeRendererStatus(status: string | null): string {
  switch (status) {
    case 'killed':
      return 'its renderer process was killed (by a signal, or by the kernel when memory ran out)';
    case 'oom':
      return 'its renderer process ran out of memory';
    case 'crashed':
      return 'its renderer process crashed';
    case null:
      return 'its renderer process is gone';
    default:
      return `its renderer process ended (${status})`;
  }
}
