/**
 * probeServer and diagnoseServer against real servers on OS-assigned ports: nothing listening, a self-signed
 * HTTPS server this machine does not trust, a plain HTTP server that is not PeerJS, each scheme given for the
 * other, and our own signaling server (plain and HTTPS) as the sound case.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/core/errors.js';
import { diagnoseServer, probeServer } from '../../src/core/server-probe.js';
import { parseServerUrl } from '../../src/cli/options.js';
import { createSelfSignedCertificate } from '../../src/server/tls.js';
import { startSignalingServer, type SignalingServer } from '../../src/server/signaling-server.js';

function listenOnFreePort(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if ('closeAllConnections' in server) (server as http.Server).closeAllConnections();
    server.close(() => resolve());
  });
}

async function listen<S extends net.Server>(server: S): Promise<S> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return server;
}

describe('probeServer', () => {
  it('resolves when something listens on the port', async () => {
    const server = await listenOnFreePort();
    try {
      const connected = new Promise<void>((resolve) => server.once('connection', () => resolve()));
      await expect(probeServer('127.0.0.1', portOf(server), 'http://127.0.0.1/')).resolves.toBeUndefined();
      await connected;
    } finally {
      await close(server);
    }
  });

  it('rejects with an EnvironmentError naming the URL when nothing listens', async () => {
    // A port the OS just handed out and that is closed again: nothing listens there now.
    const server = await listenOnFreePort();
    const port = portOf(server);
    await close(server);
    const url = `http://127.0.0.1:${port}/`;
    const error = await probeServer('127.0.0.1', port, url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).exitCode).toBe(3);
    expect((error as EnvironmentError).message).toBe(
      `cannot reach the signaling server at ${url} (ECONNREFUSED): start it with "rtcdemo serve" or pass --server`,
    );
  });
});

describe('diagnoseServer', () => {
  let selfSigned: https.Server;
  let notPeerJs: http.Server;
  let htmlEverywhere: http.Server;
  let ours: SignalingServer;
  let oursHttps: SignalingServer;
  const requests: string[] = [];

  beforeAll(async () => {
    const cert = await createSelfSignedCertificate(['localhost', '127.0.0.1']);
    selfSigned = await listen(https.createServer(cert, (req, res) => res.writeHead(200).end('abc')));
    notPeerJs = await listen(
      http.createServer((req, res) => {
        requests.push(`${req.method} ${req.url}`);
        res.writeHead(404).end('not found');
      }),
    );
    // A single-page app that answers every path with its page.
    htmlEverywhere = await listen(http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>')));
    ours = await startSignalingServer({ port: 0, host: '127.0.0.1' });
    oursHttps = await startSignalingServer({ port: 0, host: '127.0.0.1', https: 'self-signed' });
  });
  afterAll(async () => {
    await Promise.all([close(selfSigned), close(notPeerJs), close(htmlEverywhere), ours.close(), oursHttps.close()]);
  });

  const diagnose = (url: string, acceptInsecureCerts = false) => diagnoseServer(parseServerUrl('--server', url), { url, acceptInsecureCerts });

  it('names an untrusted self-signed certificate and the flag that accepts it', async () => {
    const url = `https://127.0.0.1:${portOf(selfSigned)}/`;
    expect(await diagnose(url)).toEqual({
      kind: 'untrusted-certificate',
      message: `the TLS certificate of ${url} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed): pass --insecure to accept it, or give the server a certificate this machine trusts`,
    });
  });

  it('accepts that certificate when told to (--insecure), and then looks at the answer', async () => {
    expect(await diagnose(`https://127.0.0.1:${portOf(selfSigned)}/`, true)).toBeNull();
  });

  it('names a plain HTTP server that is not PeerJS, with the request and its status', async () => {
    const url = `http://127.0.0.1:${portOf(notPeerJs)}/`;
    expect(await diagnose(url)).toEqual({
      kind: 'not-peerjs',
      message: `${url} answered but is not a PeerJS server (GET /peerjs/id → 404): check the host, port and path of --server`,
    });
    // What PeerJS itself asks first: <path><key>/id, with a cache-busting ts.
    expect(requests.at(-1)).toMatch(/^GET \/peerjs\/id\?ts=\d+$/);
  });

  it('uses the path and key of --server in the request', async () => {
    const url = `http://127.0.0.1:${portOf(notPeerJs)}/signal/`;
    const problem = await diagnoseServer(parseServerUrl('--server', url, 'k3y'), { url, acceptInsecureCerts: false });
    expect(problem?.message).toContain('(GET /signal/k3y/id → 404)');
  });

  it('does not take a page answered on every path for an id', async () => {
    const url = `http://127.0.0.1:${portOf(htmlEverywhere)}/`;
    expect(await diagnose(url)).toMatchObject({ kind: 'not-peerjs', message: expect.stringContaining('(GET /peerjs/id → a page that is not a peer id)') });
  });

  it('says when https:// was given for a server that speaks plain http', async () => {
    const port = portOf(notPeerJs);
    expect(await diagnose(`https://127.0.0.1:${port}/`)).toEqual({
      kind: 'plain-http',
      message: `https:// given but 127.0.0.1:${port} speaks plain http: use http://127.0.0.1:${port}/`,
    });
  });

  it('says when http:// was given for a server that speaks https', async () => {
    const port = portOf(selfSigned);
    expect(await diagnose(`http://127.0.0.1:${port}/`)).toEqual({
      kind: 'speaks-https',
      message: `http:// given but 127.0.0.1:${port} speaks https: use https://127.0.0.1:${port}/`,
    });
  });

  it('finds nothing wrong with our own signaling server, plain or HTTPS (self-signed, trusted on this machine)', async () => {
    expect(await diagnose(ours.url)).toBeNull();
    expect(await diagnose(oursHttps.url, true)).toBeNull();
    expect((await diagnose(oursHttps.url, false))?.kind).toBe('untrusted-certificate');
  });
});
