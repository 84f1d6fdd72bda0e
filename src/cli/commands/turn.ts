/** `rtcdemo turn`: the TURN server call-test --turn uses, kept running for your own pages, with the iceServers to paste. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { ExitCode, UsageError } from '../../core/errors.js';
import { parsePort } from '../options.js';
import { colorsFor, createLogger } from '../output.js';
import { timestamp } from '../agent-options.js';
import { isLoopbackHost } from '../../shared/loopback.js';
import { LOOPBACK_PEERS } from '../../core/turn/turnserver-args.js';
import type { TurnServer } from '../../core/turn/turn-server.js';

interface TurnFlags {
  listen: string;
  port: string;
  tls?: boolean;
  tlsPort: string;
  allowPeer: string[];
  turnserver: string;
  json?: boolean;
}

export function registerTurn(program: Command, ctx: CommandContext): void {
  program
    .command('turn')
    .description('run a TURN server (coturn) for your pages: a fresh credential, not an open relay; prints the iceServers to paste')
    .option('--listen <ip>', 'address to listen and relay on (loopback: this machine only)', '127.0.0.1')
    .option('--port <port>', 'UDP and TCP port (0 picks a free one)', '3478')
    .option('--tls', 'also listen for turns: (TLS) with a self-signed certificate made now')
    .option('--tls-port <port>', 'the turns: port (0 picks a free one)', '5349')
    .option('--allow-peer <range>', 'an address range relays may reach, e.g. 192.168.1.0/24 (repeatable; default: loopback, or the --listen address)', collect, [])
    .option('--turnserver <path>', "coturn's turnserver binary", 'turnserver')
    .option('--json', 'print only the iceServers array as JSON on stdout')
    .addHelpText('after', `
The server runs until Ctrl-C, then stops; coturn writes no files outside a temp dir removed on exit.
Relays may reach only the allowed ranges (every other address is denied): it is not an open relay.
Browsers check a turns: server's certificate; a self-signed one fails (icecandidateerror 701) unless the
browser is told to trust it (Chromium: --ignore-certificate-errors-spki-list=<printed key hash>).

Examples:
  rtcdemo turn                                     then paste the printed iceServers into new Peer(…, { config })
  rtcdemo turn --listen 192.168.1.5 --allow-peer 192.168.1.0/24
  rtcdemo turn --port 0 --json > ice-servers.json  then: rtcdemo call-test --ice-servers ice-servers.json --relay-only`)
    .action(async (flags: TurnFlags) => {
      if (!/^[0-9a-fA-F:.]+$/.test(flags.listen)) throw new UsageError(`--listen must be an IP address such as 127.0.0.1, got "${flags.listen}"`);
      const port = parsePort('--port', flags.port);
      const tlsPort = parsePort('--tls-port', flags.tlsPort);
      const allowedPeers = flags.allowPeer.length ? flags.allowPeer : isLoopbackHost(flags.listen) ? LOOPBACK_PEERS : [flags.listen];
      const log = createLogger(ctx.io.stderr, { verbose: Boolean(program.opts().verbose) });
      const { startTurnServer } = await import('../../core/turn/turn-server.js');
      const turn = await startTurnServer({
        binary: flags.turnserver,
        listenIp: flags.listen,
        ...(port === 0 ? {} : { port }),
        ...(flags.tls && tlsPort !== 0 ? { tlsPort } : {}),
        tls: Boolean(flags.tls),
        allowedPeers,
        onLog: (line) => log.verbose(`[turnserver] ${line}`),
      });
      try {
        const iceServers = turn.iceServers();
        if (flags.json) ctx.io.stdout.write(`${JSON.stringify(iceServers, null, 2)}\n`);
        else ctx.io.stdout.write(renderBanner(turn, allowedPeers));
        if (ctx.io.stderr.isTTY) log.info(colorsFor(ctx.io.stderr).dim('Press Ctrl-C to stop.'));
        await Promise.race([aborted(ctx.signal), turn.exited]);
        if (!ctx.signal.aborted) {
          const last = turn.logTail().slice(-3).join(' / ');
          log.info(`${timestamp()} the TURN server exited${last ? `: ${last}` : ''}`);
          ctx.exitCode = ExitCode.environment;
        }
      } finally {
        await turn.stop();
      }
    });
}

export function renderBanner(turn: TurnServer, allowedPeers: string[]): string {
  const servers = JSON.stringify(turn.iceServers(), null, 2).replace(/\n/g, '\n  ');
  const lines = [
    `rtcdemo turn: TURN server on ${turn.listenIp}:${turn.port} (UDP and TCP)${turn.tlsPort === null ? '' : `, TLS on ${turn.tlsPort}`}, realm ${turn.realm}`,
    `  relays only to ${allowedPeers.join(', ')}`,
    ...(turn.tlsSpkiSha256 ? [`  TLS certificate key (Chromium --ignore-certificate-errors-spki-list=): ${turn.tlsSpkiSha256}`] : []),
    '',
    'iceServers for your page (new Peer(id, { host, port, path, config: { iceServers } })):',
    `  ${servers}`,
    '',
    'Check it with a relay-only call test:',
    `  rtcdemo call-test --relay-only ${(turn.iceServers(['udp', 'tcp'])[0]?.urls as string[]).map((u) => `--ice-server '${u}'`).join(' ')} --ice-username ${turn.username} --ice-credential ${turn.credential}`,
  ];
  return `${lines.join('\n')}\n`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
