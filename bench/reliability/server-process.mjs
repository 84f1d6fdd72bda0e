/**
 * Starts server-child.mjs (ours or the stock `peer` server) in its own Node process and talks to it over IPC:
 * its port, its memory after GC, its stats, close(). Used by bench/reliability/*.mjs and test/server/floods.test.ts.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./server-child.mjs', import.meta.url));

export async function startServerProcess(kind, { port = 0, maxClients } = {}) {
  const args = [kind, '--port', String(port), ...(maxClients === undefined ? [] : ['--max-clients', String(maxClients)])];
  const child = fork(CHILD, args, { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += String(chunk); });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  const ready = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.ready));
    void exited.then(({ code, signal }) => reject(new Error(`the ${kind} server process exited (${code ?? signal}) before it was ready: ${stderr.trim()}`)));
  });
  // One question at a time: each answer is the next message with the expected key.
  let queue = Promise.resolve();
  const ask = (cmd, key) => {
    const answer = queue.then(() => new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (!(key in message)) return;
        child.off('message', onMessage);
        resolve(message[key]);
      };
      child.on('message', onMessage);
      if (!child.connected) reject(new Error(`the ${kind} server process is gone: ${stderr.trim()}`));
      else child.send({ cmd });
    }));
    queue = answer.catch(() => undefined);
    return answer;
  };
  return {
    kind,
    port: ready.port,
    url: `http://127.0.0.1:${ready.port}/`,
    child,
    exited,
    stderr: () => stderr,
    memory: () => ask('memory', 'memory'),
    stats: () => ask('stats', 'stats'),
    close: () => ask('close', 'closed'),
    /** Ends the process (idempotent); resolves when it is gone. */
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export const MiB = 1024 * 1024;
export const toMiB = (bytes) => Math.round((bytes / MiB) * 10) / 10;
