/** The demo pages handler, over a real node:http server on port 0: what it serves, substitutes and declines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { handleDemoPageRequest, renderPeerOptions, type DemoPageServerInfo } from '../../src/server/demo-pages.js';

// The tutorial's code, copied from the PeerJS tutorial the project is built around. The pages must contain it
// character for character, except that the options object points at the server that served them.
const TUTORIAL_OPTIONS = "{ host: 'localhost', port: 9000, path: '/' }";
const TUTORIAL_RECEIVER = `const peer = new Peer('receiver', { host: 'localhost', port: 9000, path: '/' })
peer.on('connection', (conn) => {
  conn.on('data', (data) => {
    console.log(data);
  })
})
peer.on('call', call => {
  const startChat = async () => {
    const localStream = await navigator.mediaDevices.getUserMedia({
      video: true
    })
    document.querySelector('video#local').srcObject = localStream
    call.answer(localStream)
    call.on('stream', remoteStream => {
      document.querySelector('video#remote').srcObject = remoteStream
    })
  }
  startChat()
})`;
const TUTORIAL_SENDER = `const peer = new Peer('sender', { host: 'localhost', port: 9000, path: '/' })
const conn = peer.connect('receiver')
conn.on('open', () => {
  conn.send('hi!')
})
const startChat = async () => {
  const localStream = await navigator.mediaDevices.getUserMedia({
    video: true
  })
  document.querySelector('video#local').srcObject = localStream
  const call = peer.call('receiver', localStream)
  call.on('stream', remoteStream => {
    document.querySelector('video#remote').srcObject = remoteStream
  })
}
startChat()`;

const FALLBACK = 'not a demo page';
let server: Server;
let base: string;
let info: DemoPageServerInfo;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (handleDemoPageRequest(req, res, info)) return;
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end(FALLBACK);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function get(path: string, serverInfo: Partial<DemoPageServerInfo> = {}, method = 'GET') {
  info = { host: '127.0.0.1', port: 4321, path: '/', key: 'peerjs', secure: false, ...serverInfo };
  const res = await fetch(`${base}${path}`, { method });
  return { res, body: await res.text() };
}

function tutorialScript(html: string): string {
  const match = /<script id="tutorial">\n([\s\S]*?)\n<\/script>/.exec(html);
  expect(match, 'a <script id="tutorial"> block').not.toBeNull();
  return match?.[1] ?? '';
}

describe('/receiver and /sender', () => {
  it.each([
    ['/receiver', TUTORIAL_RECEIVER],
    ['/sender', TUTORIAL_SENDER],
  ])('%s runs the tutorial code verbatim, with the Peer options of the server that served it', async (path, code) => {
    const { res, body } = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(tutorialScript(body)).toBe(code.replace(TUTORIAL_OPTIONS, "{ host: '127.0.0.1', port: 4321, path: '/' }"));
    expect(body).not.toContain('__RTCDEMO_');
    expect(body).toContain('<code>http://127.0.0.1:4321/</code>');
  });

  it.each(['/receiver', '/sender'])('%s loads PeerJS and the UI script from this server, before the tutorial code', async (path) => {
    const { body } = await get(path);
    const order = ['<script src="/peerjs.min.js">', '<script src="/demo-ui.js">', '<script id="tutorial">'].map((tag) => body.indexOf(tag));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(body).toContain('<video id="local" autoplay></video>');
    expect(body).toContain('<video id="remote" autoplay></video>');
    expect(body).toContain('<ol id="log"');
  });

  it('/sender has the Send and Call again controls', async () => {
    const { body } = await get('/sender');
    expect(body).toMatch(/<input id="message"/);
    expect(body).toMatch(/<button id="send"/);
    expect(body).toMatch(/<button id="call-again"/);
  });

  it.each<[string, Partial<DemoPageServerInfo>, string]>([
    ['a custom path', { path: '/signal/' }, "{ host: '127.0.0.1', port: 4321, path: '/signal/' }"],
    ['a custom key', { key: 'demo' }, "{ host: '127.0.0.1', port: 4321, path: '/', key: 'demo' }"],
    ['https', { secure: true, host: 'localhost', port: 443 }, "{ host: 'localhost', port: 443, path: '/', secure: true }"],
    ['an IPv6 host (PeerJS pastes it into ws://host:port)', { host: '::1' }, "{ host: '[::1]', port: 4321, path: '/' }"],
  ])('fills in %s', async (_name, serverInfo, options) => {
    const { body } = await get('/receiver', serverInfo);
    expect(tutorialScript(body)).toBe(TUTORIAL_RECEIVER.replace(TUTORIAL_OPTIONS, options));
  });

  it('takes other peer ids from ?id= and ?to=, keeping the tutorial ids as defaults', async () => {
    const receiver = tutorialScript((await get('/receiver?id=alice')).body);
    expect(receiver).toContain("new Peer('alice', ");
    const sender = tutorialScript((await get('/sender?id=bob&to=alice')).body);
    expect(sender).toContain("new Peer('bob', ");
    expect(sender).toContain("peer.connect('alice')");
    expect(sender).toContain("peer.call('alice', localStream)");
    const swapped = tutorialScript((await get('/sender?id=receiver&to=sender')).body);
    expect(swapped).toContain("new Peer('receiver', ");
    expect(swapped).toContain("peer.connect('sender')");
    expect(tutorialScript((await get('/sender?to=')).body)).toContain("peer.connect('receiver')");
  });

  it.each(['/receiver?id=%3C%2Fscript%3E', "/sender?to=it's", '/sender?id=a--b'])('answers 400 to an invalid peer id: %s', async (path) => {
    const { res, body } = await get(path);
    expect(res.status).toBe(400);
    expect(body).toMatch(/not a valid PeerJS id/);
  });
});

describe('/', () => {
  it('explains the demo, links both pages and gives the terminal commands', async () => {
    const { res, body } = await get('/');
    expect(res.status).toBe(200);
    expect(body).toContain('href="/receiver"');
    expect(body).toContain('href="/sender"');
    expect(body).toMatch(/receiver first, then the sender/);
    expect(body).toContain('rtcdemo receive');
    expect(body).toContain('rtcdemo send --to receiver "hi!"');
    expect(body).toContain('rtcdemo call --to receiver');
    expect(body).toContain('<code>http://127.0.0.1:4321/</code>');
  });
});

describe('assets', () => {
  it('/peerjs.min.js is the installed PeerJS client, as JavaScript', async () => {
    const { res, body } = await get('/peerjs.min.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const installed = join(dirname(createRequire(import.meta.url).resolve('peerjs/package.json')), 'dist', 'peerjs.min.js');
    expect(body).toBe(readFileSync(installed, 'utf8'));
    expect(body).toContain('window.peerjs=');
  });

  it.each([
    ['/demo-ui.js', 'text/javascript; charset=utf-8', 'window.demoLog'],
    ['/demo.css', 'text/css; charset=utf-8', '#log'],
  ])('%s is served as %s', async (path, type, content) => {
    const { res, body } = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(body).toContain(content);
  });

  it('answers HEAD with the headers and no body', async () => {
    const full = await get('/receiver');
    const head = await get('/receiver', {}, 'HEAD');
    expect(head.res.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.res.headers.get('content-length')).toBe(String(Buffer.byteLength(full.body)));
  });

  it.each(['/', '/receiver', '/sender'])('%s loads nothing from outside this server', async (path) => {
    const { res, body } = await get(path);
    const urls = [...body.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1] ?? '');
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => !url.startsWith('/') || url.startsWith('//'))).toEqual(['data:,']);
    expect(body).not.toMatch(/@import|url\(/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });
});

describe('what it declines', () => {
  it.each(['/peerjs/id', '/peerjs', '/receiver/', '/receiver.html', '/favicon.ico', '/pages/demo-ui.js', '//receiver', '/../package.json'])(
    'returns false for %s, writing nothing',
    async (path) => {
      const { res, body } = await get(path);
      expect(res.status).toBe(404);
      expect(body).toBe(FALLBACK);
    },
  );

  it.each(['POST', 'PUT', 'DELETE'])('returns false for %s /receiver', async (method) => {
    const { res, body } = await get('/receiver', {}, method);
    expect(res.status).toBe(404);
    expect(body).toBe(FALLBACK);
  });
});

describe('renderPeerOptions', () => {
  it.each<[Partial<DemoPageServerInfo>, string]>([
    [{}, "{ host: 'localhost', port: 9000, path: '/' }"],
    [{ host: "it's", path: '/a\\b/' }, "{ host: 'it\\u0027s', port: 9000, path: '/a\\u005cb/' }"],
    [{ host: '</script><script>alert(1)</script>' }, "{ host: '\\u003c/script\\u003e\\u003cscript\\u003ealert\\u0028" + "1\\u0029\\u003c/script\\u003e', port: 9000, path: '/' }"],
    [{ key: 'peerjs', secure: false }, "{ host: 'localhost', port: 9000, path: '/' }"],
  ])('%o → %s', (overrides, expected) => {
    const rendered = renderPeerOptions({ host: 'localhost', port: 9000, path: '/', key: 'peerjs', secure: false, ...overrides });
    expect(rendered).toBe(expected);
    expect(rendered).not.toMatch(/<\/script/i);
  });
});
