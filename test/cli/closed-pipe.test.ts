/**
 * `rtcdemo … | head` closes stdout before the output is written. The process must end quietly (no
 * "Unhandled 'error' event" stack) with its own exit code, as shell tools do.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/rtcdemo.js', import.meta.url));

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    // The reader goes away before the first byte arrives, as `| head -c0` would.
    child.stdout.destroy();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout pipe', () => {
  it.each([['--help'], ['call-test', '--help'], ['serve', '--help']])('rtcdemo %s ends quietly with exit 0', async (...args) => {
    const { code, stderr } = await runWithClosedStdout(args);
    expect(stderr).not.toContain('Unhandled');
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});
