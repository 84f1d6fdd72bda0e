/**
 * The errors and exit codes every command and library call ends with: import them from here. They are
 * defined one layer down, in src/shared/errors.ts, only because the signaling server (below core) throws
 * an EnvironmentError too (port in use); this module is their public home above it.
 */
export { CheckFailedError, EnvironmentError, ExitCode, isRtcdemoError, UsageError, type RtcdemoError } from '../shared/errors.js';
