/**
 * Where call-test's pages run: by default all in one browser; with `browsers`, each side in its own with its
 * own launch options (the network lab: each in its network namespace); with a placed list, several browsers,
 * launched here or reached with `--connect`, and a placement rule (placement.ts) saying which page of which
 * pair opens where. A browser per side is the two-browser case of the list, placed 'split'. All browsers start
 * at once; whichever fails, the others are still closed.
 */
import { openAgentSession, settleAlive, withAgentSession, type AgentSession, type AgentSessionOptions, type OpenAgentSession } from '../agent/agent-session.js';
import { placePairs, type PairPlacement, type Placement } from './placement.js';

/** The options one browser may set for itself. */
export type SideBrowser = Pick<AgentSessionOptions, 'browserPath' | 'commandPrefix' | 'extraBrowserArgs' | 'pageOverDevtools' | 'profileParent' | 'connect' | 'remotePageUrl'>;

/** One browser per side. */
export interface SideBrowsers {
  receiver: SideBrowser;
  sender: SideBrowser;
}

/** Several browsers and the rule for spreading the pairs over them. */
export interface PlacedBrowsers {
  list: SideBrowser[];
  placement: Placement;
}

export interface SideSessions {
  /** One session per browser, in the order given. */
  all: AgentSession[];
  /** For each pair, the index in `all` of its receiver's and its sender's browser. */
  placements: PairPlacement[];
  forPair(index: number): { receiver: AgentSession; sender: AgentSession };
  /**
   * "Chromium 131…", or when they differ "receiver: …; sender: …" (a browser per side: matrix-table.ts reads
   * it) or "1: …; 2: …" (a placed list).
   */
  browserVersion: string;
}

export async function withSideSessions<T>(base: AgentSessionOptions, sides: SideBrowsers | PlacedBrowsers | undefined, pairs: number, work: (sessions: SideSessions) => Promise<T>): Promise<T> {
  if (!sides) {
    return withAgentSession(base, (s) => work(sessionsOf([s], placePairs(pairs, 1, 'split'), null)));
  }
  const list = 'list' in sides ? sides.list : [sides.receiver, sides.sender];
  const names = 'list' in sides ? null : ['receiver', 'sender'];
  const placements = placePairs(pairs, list.length, 'list' in sides ? sides.placement : 'split');
  let launched = 0;
  // The timeline's browser-launched is when all are up.
  const onPhase: AgentSessionOptions['onPhase'] = (phase) => {
    if (phase !== 'browser-launched' || ++launched === list.length) base.onPhase?.(phase);
  };
  const opened = await Promise.allSettled(list.map((side) => openAgentSession({ ...base, ...side, extraBrowserArgs: [...(base.extraBrowserArgs ?? []), ...(side.extraBrowserArgs ?? [])], onPhase })));
  const sessions = opened.filter((o): o is PromiseFulfilledResult<OpenAgentSession> => o.status === 'fulfilled').map((o) => o.value);
  try {
    const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    return await settleAlive(Promise.race([work(sessionsOf(sessions.map((s) => s.session), placements, names)), ...sessions.map((s) => s.died)]), sessions);
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}

function sessionsOf(all: AgentSession[], placements: PairPlacement[], names: string[] | null): SideSessions {
  const versions = all.map((s) => s.browser.version);
  const browserVersion = new Set(versions).size === 1 ? versions[0]! : versions.map((v, i) => `${names?.[i] ?? i + 1}: ${v}`).join('; ');
  return {
    all,
    placements,
    forPair: (index) => ({ receiver: all[placements[index]!.receiver]!, sender: all[placements[index]!.sender]! }),
    browserVersion,
  };
}
