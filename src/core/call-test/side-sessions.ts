/**
 * Where call-test's two sides run: by default both in one browser; with `browsers`, each side in its own,
 * with its own launch options: each in its network namespace (the network lab), and later a different browser
 * per side or a remote one. Both browsers launch at once; whichever fails, the other is still closed.
 */
import { openAgentSession, withAgentSession, type AgentSession, type AgentSessionOptions, type OpenAgentSession } from '../agent/agent-session.js';

/** The launch options one side may set for itself. */
export type SideBrowser = Pick<AgentSessionOptions, 'browserPath' | 'commandPrefix' | 'extraBrowserArgs' | 'pageOverDevtools' | 'profileParent'>;

export interface SideBrowsers {
  receiver: SideBrowser;
  sender: SideBrowser;
}

export interface SideSessions {
  receiver: AgentSession;
  sender: AgentSession;
  /** "Chromium 131…", or "receiver: …; sender: …" when they differ. */
  browserVersion: string;
}

export async function withSideSessions<T>(base: AgentSessionOptions, sides: SideBrowsers | undefined, work: (sessions: SideSessions) => Promise<T>): Promise<T> {
  if (!sides) return withAgentSession(base, (s) => work({ receiver: s, sender: s, browserVersion: s.browser.version }));
  let launched = 0;
  // The timeline's browser-launched is when both are up.
  const onPhase: AgentSessionOptions['onPhase'] = (phase) => {
    if (phase !== 'browser-launched' || ++launched === 2) base.onPhase?.(phase);
  };
  const opened = await Promise.allSettled([sides.receiver, sides.sender].map((side) => openAgentSession({ ...base, ...side, extraBrowserArgs: [...(base.extraBrowserArgs ?? []), ...(side.extraBrowserArgs ?? [])], onPhase })));
  const sessions = opened.filter((o): o is PromiseFulfilledResult<OpenAgentSession> => o.status === 'fulfilled').map((o) => o.value);
  try {
    const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    const [receiver, sender] = sessions as [OpenAgentSession, OpenAgentSession];
    const versions = [receiver.session.browser.version, sender.session.browser.version];
    const browserVersion = versions[0] === versions[1] ? versions[0]! : `receiver: ${versions[0]}; sender: ${versions[1]}`;
    return await Promise.race([work({ receiver: receiver.session, sender: sender.session, browserVersion }), receiver.died, sender.died]);
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}
