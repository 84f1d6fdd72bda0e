#!/usr/bin/env node
// Makes sure a Chromium-family browser is present for rtcdemo's headless agents.
// Looks where rtcdemo looks (CHROME_PATH, then the usual install paths); when none is found and apt-get
// exists, installs Debian/Ubuntu's `chromium` package (as root, or through sudo); elsewhere says what to do.
// Exit codes: 0 a browser is available, 3 none could be installed here.
import { accessSync, constants, statSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const CANDIDATES = [
  process.env.CHROME_PATH,
  process.env.PUPPETEER_EXECUTABLE_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
].filter(Boolean);

function executable(file) {
  try {
    if (!statSync(file).isFile()) return false;
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function found() {
  return CANDIDATES.find(executable);
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
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
const prefix = isRoot ? [] : has('sudo') ? ['sudo'] : null;
if (!prefix) {
  console.error('rtcdemo setup: no Chromium found and not root: run "sudo apt-get install -y chromium", or set CHROME_PATH');
  process.exit(3);
}
console.error('rtcdemo setup: no browser found; installing Debian/Ubuntu\'s chromium package with apt-get…');
const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? args : args.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
try {
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', 'chromium']);
} catch {
  console.error('rtcdemo setup: apt-get could not install chromium; install Chromium or Chrome yourself, or set CHROME_PATH');
  process.exit(3);
}
browser = found();
if (!browser) {
  console.error('rtcdemo setup: chromium was installed but not found at /usr/bin/chromium; set CHROME_PATH to it');
  process.exit(3);
}
console.error(`rtcdemo setup: installed ${browser}`);
