/**
 * The three ways a command can fail, each with its own exit code (documented in the README):
 * a check failed (1), the user asked for something invalid (2), the machine can't do it (3).
 * Signals exit with 130 (SIGINT) and 143 (SIGTERM).
 */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  environment: 3,
  sigint: 130,
  sigterm: 143,
} as const;

/** Bad flags, a bad peer id, an unknown metric: the user can fix the command line. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = ExitCode.usage;
}

/** No browser, port taken, server unreachable, id taken, peer missing: the world is not as the command needs. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
  readonly exitCode = ExitCode.environment;
}

/** The command ran but what it checked did not hold (a call-test check, a timeout waiting for a message). */
export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
  readonly exitCode = ExitCode.checkFailed;
}

export type RtcdemoError = UsageError | EnvironmentError | CheckFailedError;

export function isRtcdemoError(error: unknown): error is RtcdemoError {
  return error instanceof UsageError || error instanceof EnvironmentError || error instanceof CheckFailedError;
}
