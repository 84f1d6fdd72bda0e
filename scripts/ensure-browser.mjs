#!/usr/bin/env node
// Makes sure a Chromium-family browser is present for rtcdemo's headless agents.
// Looks exactly where rtcdemo looks (dist/core/browser/find-browser.js: CHROME_PATH, then the usual install
// paths); when none is found and apt-get exists, installs Debian/Ubuntu's `chromium` package (as root, or
// through sudo); elsewhere it says what to do. Runs after `npm ci`, whose prepare step builds dist/.
// Then the same for Firefox (Debian's `firefox-esr`), for `--browser firefox` and `call-test --matrix`: where
// apt-get can install it, it does; elsewhere a missing Firefox is a warning, unless --firefox asks for it
// (.ci/run does, so the cross-browser tests run in CI).
// Exit codes: 0 a browser is available, 3 none could be installed here.
import { spawnSync } from 'node:child_process';
import { aptGet, isRoot } from './apt.mjs';

let findBrowser;
try {
  ({ findBrowser } = await import('../dist/core/browser/find-browser.js'));
} catch {
  console.error('rtcdemo setup: dist/ is missing: run "npm ci" (or "npm run build") first');
  process.exit(3);
}

function found() {
  try {
    return findBrowser(undefined);
  } catch {
    return null;
  }
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// A CHROME_PATH (or PUPPETEER_EXECUTABLE_PATH) that points nowhere is the user's to fix, not apt's.
for (const variable of ['CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH']) {
  if (process.env[variable] && !found()) {
    try {
      findBrowser(undefined);
    } catch (error) {
      console.error(`rtcdemo setup: ${error.message}`);
    }
    process.exit(3);
  }
}

const requireFirefox = process.argv.includes('--firefox');

let browser = found();
if (browser) {
  console.error(`rtcdemo setup: using the browser at ${browser}`);
  await ensureFirefox();
  process.exit(0);
}
if (process.platform === 'win32') {
  console.error('rtcdemo setup: no Chrome or Chromium found: install Google Chrome, or set CHROME_PATH to chrome.exe');
  process.exit(3);
}
if (!has('apt-get')) {
  const hint = process.platform === 'darwin' ? 'brew install --cask chromium' : 'install Chromium with your package manager (e.g. sudo dnf install chromium)';
  console.error(`rtcdemo setup: no Chrome or Chromium found: ${hint}, or set CHROME_PATH`);
  process.exit(3);
}
if (!isRoot && !has('sudo')) {
  console.error('rtcdemo setup: no Chromium found and not root: run "sudo apt-get install -y chromium", or set CHROME_PATH');
  process.exit(3);
}
console.error("rtcdemo setup: no browser found; installing Debian/Ubuntu's chromium package with apt-get…");
try {
  aptGet(['update']);
  aptGet(['install', '-y', 'chromium']);
} catch {
  console.error('rtcdemo setup: apt-get could not install chromium; install Chromium or Chrome yourself, or set CHROME_PATH');
  process.exit(3);
}
browser = found();
if (!browser) {
  console.error('rtcdemo setup: chromium was installed but rtcdemo cannot find it; set CHROME_PATH to it');
  process.exit(3);
}
console.error(`rtcdemo setup: installed ${browser}`);
await ensureFirefox();

/** Firefox for --browser firefox: found where rtcdemo looks (find-firefox.js), else firefox-esr from apt. */
async function ensureFirefox() {
  const { findFirefox, FIREFOX_INSTALL_HINT } = await import('../dist/core/browser/find-firefox.js');
  const firefox = () => {
    try {
      return findFirefox();
    } catch {
      return null;
    }
  };
  const giveUp = (why) => {
    console.error(`rtcdemo setup: ${requireFirefox ? '' : 'warning: '}${why}: ${FIREFOX_INSTALL_HINT}`);
    if (requireFirefox) process.exit(3);
  };
  if (firefox()) return console.error(`rtcdemo setup: using Firefox at ${firefox()}`);
  if (process.env.FIREFOX_PATH) return giveUp(`FIREFOX_PATH=${process.env.FIREFOX_PATH} is not an executable browser`);
  if (!has('apt-get') || (!isRoot && !has('sudo'))) return giveUp('no Firefox found (--browser firefox and call-test --matrix need it)');
  console.error("rtcdemo setup: no Firefox found; installing Debian/Ubuntu's firefox-esr package with apt-get…");
  try {
    aptGet(['install', '-y', 'firefox-esr']);
  } catch {
    try {
      aptGet(['update']);
      aptGet(['install', '-y', 'firefox-esr']);
    } catch {
      return giveUp('apt-get could not install firefox-esr');
    }
  }
  if (!firefox()) return giveUp('firefox-esr was installed but rtcdemo cannot find it');
  console.error(`rtcdemo setup: installed ${firefox()}`);
}
