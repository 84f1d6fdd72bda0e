import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgram } from '../../src/cli/main.js';
import { ExitCode } from '../../src/core/errors.js';
import { runCliCaptured } from '../support/run-cli.js';
import { stubCliEnv } from '../support/cli-env.js';

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const COMMANDS = ['serve', 'receive', 'send', 'call', 'call-test'];
const DOCUMENTED_COMMANDS = ['receive', 'send', 'call', 'call-test'];

beforeEach(stubCliEnv);
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The help of one subcommand as `rtcdemo <name> --help` prints it, without parsing (and so without exiting). */
function subcommandHelp(name: string): string {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  const program = createProgram({ io: { stdout: sink, stderr: sink }, signal: new AbortController().signal, exitCode: 0 });
  const command = program.commands.find((c) => c.name() === name);
  if (!command) throw new Error(`no command ${name}`);
  command.outputHelp();
  return text;
}

function expectOneErrorLine(stderr: string): string {
  const lines = stderr.split('\n');
  expect(lines).toHaveLength(2); // one line, then the empty string after its newline
  expect(lines[1]).toBe('');
  expect(lines[0]).toMatch(/^rtcdemo: \S/);
  return lines[0]!;
}

describe('rtcdemo --help', () => {
  it('exits 0 and prints the usage, every command, the exit codes and where to start on stdout', async () => {
    const run = await runCliCaptured(['--help']);
    expect(run.code).toBe(ExitCode.ok);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Usage: rtcdemo [options] [command]');
    for (const name of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(run.stdout).toContain('Exit codes:');
    expect(run.stdout).toMatch(/^ {2}3 {4}environment problem/m);
    expect(run.stdout).toContain('Start here:');
    expect(run.stdout).toMatch(/^ {2}rtcdemo call-test\b/m);
  });
});

describe('rtcdemo --version', () => {
  it.each([['--version'], ['-V']])('%s prints the package version and exits 0', async (flag) => {
    const run = await runCliCaptured([flag]);
    expect(run.code).toBe(ExitCode.ok);
    expect(run.stdout).toBe(`${PACKAGE_VERSION}\n`);
    expect(run.stderr).toBe('');
  });
});

describe('subcommand help text', () => {
  it.each(DOCUMENTED_COMMANDS)('%s: usage, options and examples', (name) => {
    const help = subcommandHelp(name);
    expect(help).toContain(`Usage: rtcdemo ${name} [options]`);
    expect(help).toContain('Examples:');
    expect(help).toMatch(new RegExp(`^ {2}rtcdemo ${name}\\b`, 'm'));
    expect(help).toContain('--server <url>');
    expect(help).toContain('--browser <browser>');
    // commander wraps the help to the terminal width: compare with the line breaks folded.
    expect(help.replace(/\s+/g, ' ')).toMatch(/chromium \(default: CHROME_PATH[^)]*\), firefox \(FIREFOX_PATH/);
    expect(help).toContain('--trace');
  });

  it.each(COMMANDS)('%s: help holds no control character but line ends (an escape written for the reader stays text)', (name) => {
    // eslint-disable-next-line no-control-regex
    expect(subcommandHelp(name)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('call-test lists the metrics --expect accepts', () => {
    const help = subcommandHelp('call-test');
    expect(help).toContain('Metrics for --expect');
    expect(help).toContain('data.rtt.p95');
    expect(help).toContain('video.fps');
  });

  it('serve has a usage line', () => {
    expect(subcommandHelp('serve')).toContain('Usage: rtcdemo serve [options]');
  });
  it('serve --help shows examples and the flags of the tutorial defaults', () => {
    const help = subcommandHelp('serve');
    expect(help).toContain('Examples:');
    expect(help).toMatch(/^ {2}rtcdemo serve\b/m);
    for (const flag of ['--port <port>', '--host <host>', '--path <path>', '--key <key>', '--quiet', '--https']) expect(help).toContain(flag);
  });
});

describe('rtcdemo <command> --help through runCli', () => {
  // Regression: subcommands once called process.exit() themselves (commander copies exitOverride into a
  // subcommand only at creation); run-cli.ts turns any process.exit into a thrown error, so that shows as exit 1.
  it.each(DOCUMENTED_COMMANDS)('%s --help exits 0 with usage and examples on stdout', async (name) => {
    const run = await runCliCaptured([name, '--help']);
    expect(run.stdout).toContain(`Usage: rtcdemo ${name} [options]`);
    expect(run.stdout).toContain('Examples:');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(ExitCode.ok);
  });
});

describe('unknown commands and flags', () => {
  it.each([
    [['nope'], "unknown command 'nope'"],
    [['--bogus'], "unknown option '--bogus'"],
    [['--bogus', 'send', '--to', 'receiver'], "unknown option '--bogus'"],
  ])('%j exits 2 with one line on stderr', async (args, mention) => {
    const run = await runCliCaptured(args);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stdout).toBe('');
    expect(expectOneErrorLine(run.stderr)).toContain(mention);
  });

  // Regression: commander puts its suggestion after a newline ("unknown command 'sned'\n(Did you mean send?)").
  it('a typo of a command exits 2 with one line that suggests the command', async () => {
    const run = await runCliCaptured(['sned']);
    expect(run.code).toBe(ExitCode.usage);
    expect(expectOneErrorLine(run.stderr)).toContain('send');
  });

  // Regression: the subcommand process.exit above; from a shell these exited 1 silently.
  it.each([
    [['send'], "required option '--to <id>' not specified"],
    [['call'], "required option '--to <id>' not specified"],
    [['send', '--to', 'receiver', '--bogus'], "unknown option '--bogus'"],
    [['receive', '--bogus'], "unknown option '--bogus'"],
    [['call-test', '--serialization', 'xml'], "'xml' is invalid"],
  ])('%j exits 2 with one line on stderr', async (args, mention) => {
    const run = await runCliCaptured(args);
    expect(run.code).toBe(ExitCode.usage);
    expect(expectOneErrorLine(run.stderr)).toContain(mention);
  });
});
