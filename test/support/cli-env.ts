/**
 * The environment in-process command tests run in: no colour (so lines start with "rtcdemo:"), no DEBUG
 * (so stacks only appear with --verbose), and a CHROME_PATH that points nowhere, so that a command whose
 * validation wrongly lets it through fails with exit 3 instead of launching the real browser on the machine.
 * Call in beforeEach; vi.unstubAllEnvs() in afterEach restores everything.
 */
import { vi } from 'vitest';

export const GUARD_CHROME_PATH = '/nonexistent/rtcdemo-test-guard/chrome';

export function stubCliEnv(): void {
  vi.stubEnv('NO_COLOR', '1');
  vi.stubEnv('FORCE_COLOR', undefined);
  vi.stubEnv('DEBUG', undefined);
  vi.stubEnv('CHROME_PATH', GUARD_CHROME_PATH);
  vi.stubEnv('PUPPETEER_EXECUTABLE_PATH', undefined);
}
