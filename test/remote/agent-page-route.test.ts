import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignalingServer, type SignalingServer } from '../../src/server/signaling-server.js';
import { AGENT_PAGE_PATH } from '../../src/server/agent-page-route.js';
import { startAgentHost, type AgentHost } from '../../src/core/agent/agent-host.js';

// One agent page for both paths: what a remote browser loads from the signaling server is byte for byte what a
// local agent loads from its 127.0.0.1 agent host.
describe('the agent page on the signaling server', () => {
  let server: SignalingServer;
  let host: AgentHost;
  beforeAll(async () => {
    server = await startSignalingServer({ port: 0, host: '127.0.0.1' });
    host = await startAgentHost();
  });
  afterAll(async () => {
    await server.close();
    await host.close();
  });

  const get = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };

  it('serves the page and its bundle, the same bytes as the local agent host', async () => {
    const base = `http://127.0.0.1:${server.port}${AGENT_PAGE_PATH}`;
    const [page, script, localPage, localScript] = await Promise.all([get(base), get(`${base}agent.js`), get(host.url), get(`${host.url}agent.js`)]);
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.body).toContain('<script src="agent.js"></script>');
    expect(script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(script.body).toContain('rtcAgent');
    expect(page.body).toBe(localPage.body);
    expect(script.body).toBe(localScript.body);
  });

  it('answers nothing else under its path', async () => {
    expect((await get(`http://127.0.0.1:${server.port}${AGENT_PAGE_PATH}other.js`)).status).toBe(404);
  });
});
