/**
 * Checks on the signaling server from Node, where the browser hides the reason: a failed WebSocket in a page
 * carries no cause at all (https://websockets.spec.whatwg.org/#feedback-from-the-protocol: "user agents must
 * not convey any failure information to scripts"), so a bad certificate, a wrong scheme and a server that is
 * not PeerJS all look alike there. Node sees the TLS error code and the HTTP status.
 *
 * - `probeServer`: a TCP connect, run while the browser launches, so "nothing is listening" is one clear line
 *   in milliseconds instead of a PeerJS socket error after a browser start.
 * - `diagnoseServer`: what PeerJS itself does first (GET <path><key>/id, https://github.com/peers/peerjs/blob/v1.5.5/lib/api.ts),
 *   over the same scheme, to name the cause when the page's connection fails.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { EnvironmentError } from './errors.js';
import type { SignalingTarget } from '../protocol.js';

export function probeServer(host: string, port: number, url: string, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const fail = (reason: string) => {
      socket.destroy();
      reject(new EnvironmentError(`cannot reach the signaling server at ${url} (${reason}): start it with "rtcdemo serve" or pass --server`));
    };
    socket.setTimeout(timeoutMs, () => fail('no answer'));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}

export type ServerProblemKind = 'untrusted-certificate' | 'plain-http' | 'speaks-https' | 'not-peerjs' | 'no-http-answer';

/** What is wrong with the server, in one line that names the cause and what to do. */
export interface ServerProblem {
  kind: ServerProblemKind;
  message: string;
}

export interface DiagnoseOptions {
  /** The URL as the user gave it (after parsing), for messages. */
  url: string;
  /** The browser accepts any certificate from this server (--insecure, or our own server on this machine). */
  acceptInsecureCerts: boolean;
  timeoutMs?: number;
}

/** OpenSSL's verification codes for a certificate this machine does not trust (https://docs.openssl.org/3.0/man1/openssl-verification-options/). */
const UNTRUSTED_CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A TLS client reading a plain-HTTP answer sees a record header that is no TLS version ("wrong version number"). */
const PLAIN_HTTP_TLS_ERROR = /wrong version number|packet length too long|unknown protocol|record layer failure/i;

/** The longest id answer we read: PeerJS ids are short; an HTML page is not an id. */
const MAX_BODY_BYTES = 4096;

/** Resolves with the problem found, or null when the server answers as a PeerJS server should. Never rejects. */
export async function diagnoseServer(target: SignalingTarget, options: DiagnoseOptions): Promise<ServerProblem | null> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const idPath = `${target.path}${encodeURIComponent(target.key)}/id`;
  const request = `GET ${idPath}`;
  const answer = await httpGet(target, `${idPath}?ts=${Date.now()}`, !options.acceptInsecureCerts, timeoutMs);
  if ('error' in answer) {
    const { code, message } = answer.error;
    if (target.secure && code && UNTRUSTED_CERT_CODES.has(code)) {
      return {
        kind: 'untrusted-certificate',
        message: `the TLS certificate of ${options.url} is not trusted (${code}${code.includes('SELF_SIGNED') ? ': self-signed' : ''}): pass --insecure to accept it, or give the server a certificate this machine trusts`,
      };
    }
    if (target.secure && PLAIN_HTTP_TLS_ERROR.test(message)) {
      return { kind: 'plain-http', message: `https:// given but ${hostPort(target)} speaks plain http: use ${withScheme(options.url, 'http')}` };
    }
    if (!target.secure && (await speaksTls(target, timeoutMs))) {
      return { kind: 'speaks-https', message: `http:// given but ${hostPort(target)} speaks https: use ${withScheme(options.url, 'https')}` };
    }
    return { kind: 'no-http-answer', message: `${options.url} accepted a connection but gave no HTTP answer to ${request} (${code ?? message}): is it a PeerJS server?` };
  }
  // Some https servers answer a plain request with 400 ("The plain HTTP request was sent to HTTPS port", nginx).
  if (!target.secure && answer.status === 400 && (await speaksTls(target, timeoutMs))) {
    return { kind: 'speaks-https', message: `http:// given but ${hostPort(target)} speaks https: use ${withScheme(options.url, 'https')}` };
  }
  if (answer.status !== 200 || !looksLikePeerId(answer.body)) {
    const what = answer.status === 200 ? 'a page that is not a peer id' : String(answer.status);
    return { kind: 'not-peerjs', message: `${options.url} answered but is not a PeerJS server (${request} → ${what}): check the host, port and path of --server` };
  }
  return null;
}

/** A PeerJS id: a short token without spaces or markup (stock: a UUID; ours: letters and digits). */
function looksLikePeerId(body: string): boolean {
  return /^[\w-]{1,128}$/.test(body.trim());
}

type Answer = { status: number; body: string } | { error: { code?: string; message: string } };

function httpGet(target: SignalingTarget, path: string, verifyCertificate: boolean, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const options = { host: target.host, port: target.port, path, agent: false as const, timeout: timeoutMs, headers: { accept: 'text/plain, text/html' } };
    const onResponse = (res: http.IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > MAX_BODY_BYTES) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, body: body.slice(0, MAX_BODY_BYTES) });
      res.once('end', done);
      res.once('close', done);
    };
    const req = target.secure
      ? https.get({ ...options, rejectUnauthorized: verifyCertificate, servername: net.isIP(target.host) ? undefined : target.host }, onResponse)
      : http.get(options, onResponse);
    req.once('timeout', () => req.destroy(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })));
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ error: { code: error.code, message: error.message } }));
  });
}

/** Whether a TLS handshake succeeds on the port (any certificate): the server speaks https. */
function speaksTls(target: SignalingTarget, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: target.host, port: target.port, rejectUnauthorized: false, servername: net.isIP(target.host) ? undefined : target.host });
    const finish = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('secureConnect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function hostPort(target: SignalingTarget): string {
  return `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}

function withScheme(url: string, scheme: 'http' | 'https'): string {
  return url.replace(/^[a-z]+:/i, `${scheme}:`);
}
