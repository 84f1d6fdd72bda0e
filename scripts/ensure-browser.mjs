#!/usr/bin/env node
// Makes sure a Chromium-family browser is present for rtcdemo's headless agents.
// Looks exactly where rtcdemo looks (dist/core/browser/find-browser.js: CHROME_PATH, then the usual install
// paths); when none is found and apt-get exists, installs Debian/Ubuntu's `chromium` package (as root, or
// through sudo); elsewhere it says what to do. Runs after `npm ci`, whose prepare step builds dist/.
// Exit codes: 0 a browser is available, 3 none could be installed here.
import { execFileSync, spawnSync } from 'node:child_process';

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

let browser = found();
if (browser) {
  console.error(`rtcdemo setup: using the browser at ${browser}`);
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
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot && !has('sudo')) {
  console.error('rtcdemo setup: no Chromium found and not root: run "sudo apt-get install -y chromium", or set CHROME_PATH');
  process.exit(3);
}
console.error("rtcdemo setup: no browser found; installing Debian/Ubuntu's chromium package with apt-get…");
const run = (args) =>
  execFileSync(isRoot ? args[0] : 'sudo', isRoot ? args.slice(1) : args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
try {
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', 'chromium']);
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
