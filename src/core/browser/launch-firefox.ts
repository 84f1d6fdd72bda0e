/**
 * What Firefox needs at launch beyond Chromium's recipe. puppeteer drives Firefox over WebDriver BiDi on a
 * WebSocket, not a pipe, so unlike Chromium (which exits when its DevTools pipe closes) it would outlive an
 * rtcdemo killed with SIGKILL. On Linux the browser is started through `setpriv --pdeathsig KILL`: the kernel
 * kills it when its parent, this process, dies, however it dies (prctl(2) PR_SET_PDEATHSIG, kept across
 * execve). Its content processes exit with it.
 */
import { isExecutableFile } from './find-browser.js';

export { FIREFOX_AGENT_ENV, FIREFOX_AGENT_PREFS } from './firefox-prefs.js';

const SETPRIV = '/usr/bin/setpriv';

/** The command the browser is exec'd through (empty where setpriv is missing: macOS, Windows, minimal images). */
export function firefoxCommandPrefix(): string[] {
  return process.platform === 'linux' && isExecutableFile(SETPRIV) ? [SETPRIV, '--pdeathsig', 'KILL', '--'] : [];
}
