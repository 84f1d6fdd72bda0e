/** The ICE flags every agent command shares (send, call, receive, call-test): which STUN/TURN servers, relay only. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { iceServersFromFlags, iceUrlsOf, parseIceServersJson } from '../core/ice/ice-servers.js';
import type { IceConfig } from '../protocol.js';

export function addIceOptions(command: Command): Command {
  return command
    .option('--ice-server <url>', 'a STUN or TURN server: stun:host:port, turn:host:port[?transport=tcp], turns:host:port (repeatable)', collect, [])
    .option('--ice-username <name>', 'the username for the turn:/turns: servers of --ice-server')
    .option('--ice-credential <password>', 'the credential (password) for the turn:/turns: servers of --ice-server')
    .option('--ice-servers <file>', "a JSON file holding an RTCIceServer[] as in your app's config (or { \"iceServers\": [...] })")
    .option('--relay-only', "gather only TURN relay candidates (iceTransportPolicy 'relay'): proves the TURN server works");
}

export interface IceFlags {
  iceServer: string[];
  iceUsername?: string;
  iceCredential?: string;
  iceServers?: string;
  relayOnly?: boolean;
}

/** Validates the flags and reads the file; every problem is a UsageError (exit 2) naming the flag or file. */
export function resolveIce(flags: IceFlags, { ownTurn = false } = {}): IceConfig {
  const fromFlags = iceServersFromFlags({ urls: flags.iceServer, username: flags.iceUsername, credential: flags.iceCredential });
  const fromFile = flags.iceServers === undefined ? [] : parseIceServersJson(flags.iceServers, readIceServersFile(flags.iceServers));
  const iceServers = [...fromFile, ...fromFlags];
  if (flags.relayOnly && !ownTurn && !iceUrlsOf(iceServers).some((u) => /^turns?:/.test(u))) {
    throw new UsageError('--relay-only needs a TURN server: add --ice-server turn:host:port with --ice-username/--ice-credential, or --ice-servers <file>');
  }
  return { iceServers, iceTransportPolicy: flags.relayOnly ? 'relay' : 'all' };
}

function readIceServersFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a JSON file' : code === 'EACCES' ? 'permission denied' : (code ?? String(error));
    throw new UsageError(`--ice-servers ${file}: ${why}`);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
