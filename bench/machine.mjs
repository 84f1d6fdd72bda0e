/**
 * What the figures were measured on (cores, CPU, memory, Node, Chromium, the fd limit), and the process-tree
 * helpers the benches use to time a command from spawn to exit and to sample the memory of its children.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { browserPath } from './bench-browser.mjs';

export function describeMachine() {
  const executable = browserPath();
  let chromium = 'unknown';
  try {
    chromium = execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim().split(' built on')[0];
  } catch {
    // The version is a label; the benches still run.
  }
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${process.platform}-${process.arch} (${os.release()})`,
    node: process.version,
    chromium,
    chromiumPath: executable,
    fdLimit: fdLimit(),
  };
}

/** The soft and hard limits on open files this process (and its children) runs with. */
export function fdLimit() {
  try {
    const [soft, hard] = execFileSync('/bin/sh', ['-c', 'ulimit -n; ulimit -Hn'], { encoding: 'utf8' }).trim().split('\n');
    return { soft: soft === 'unlimited' ? Infinity : Number(soft), hard: hard === 'unlimited' ? Infinity : Number(hard) };
  } catch {
    return { soft: null, hard: null };
  }
}

/** Resident set size of one process in bytes (Linux /proc), or 0 once it is gone. */
export function rssOf(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Proportional set size of one process in bytes: shared pages split between the processes sharing them, so
 * a sum over Chromium's processes is what they really occupy together. Slower to read than RSS.
 */
export function pssOf(pid) {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every live descendant of `root` (children, grandchildren, …), from /proc. */
export function descendantsOf(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may contain spaces and parentheses; the fields after the last ')' are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  const out = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * Runs a command to completion and times it from spawn to exit. With `sampleMs`, sums the RSS of the
 * command's descendant processes (Chromium and its helpers) every sampleMs and keeps the peak; RSS sums count
 * pages shared between Chromium's processes once per process, so they overstate what the browser occupies.
 * With `pssMs`, also the summed PSS (shared pages split), read less often because smaps_rollup is costly.
 */
export function timeCommand(command, args, { timeoutMs, sampleMs = 0, pssMs = 0, env, cwd } = {}) {
  return new Promise((resolve) => {
    const began = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env, cwd });
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    let peakPss = 0;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const sampler = sampleMs
      ? setInterval(() => {
          const total = descendantsOf(child.pid).reduce((sum, pid) => sum + rssOf(pid), 0);
          peakRss = Math.max(peakRss, total);
        }, sampleMs)
      : null;
    const pssSampler = pssMs
      ? setInterval(() => {
          const total = descendantsOf(child.pid).reduce((sum, pid) => sum + pssOf(pid), 0);
          peakPss = Math.max(peakPss, total);
        }, pssMs)
      : null;
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs ?? 120_000);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - began;
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      if (pssSampler) clearInterval(pssSampler);
      resolve({ wallMs, code, signal, stdout, stderr, peakRss, peakPss });
    });
  });
}
