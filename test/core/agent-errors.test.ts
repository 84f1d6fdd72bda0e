import { describe, expect, it } from 'vitest';
import { CheckFailedError, EnvironmentError, UsageError } from '../../src/core/errors.js';
import { AgentError, toAgentError } from '../../src/core/agent/agent-page.js';
import { explainAgentError, needsServerDiagnosis } from '../../src/core/agent/agent-errors.js';
import type { AgentErrorKind } from '../../src/protocol.js';

describe('toAgentError', () => {
  it('reads the kind and message of a page error', () => {
    const error = toAgentError(new Error('rtcdemo:peer-unavailable: x'));
    expect(error).toBeInstanceOf(AgentError);
    expect(error.kind).toBe('peer-unavailable');
    expect(error.message).toBe('x');
  });

  it('finds the prefix inside puppeteer\'s wrapping and keeps only the first line', () => {
    const error = toAgentError(new Error('Error: rtcdemo:timeout: no answer from bob in 10 s\n    at startPeer (agent.js:1:2)'));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('no answer from bob in 10 s');
  });

  it("drops the Firefox remote agent's frames that puppeteer appends over WebDriver BiDi", () => {
    const error = toAgentError(new Error('rtcdemo:timeout: the connection to "nobody" did not open within 3 s #buildExceptionDetails@chrome://remote/content/webdriver-bidi/modules/windowglobal/script.sys.mjs:49:13'));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('the connection to "nobody" did not open within 3 s');
  });

  it('reads a thrown string as well as an Error', () => {
    const error = toAgentError('rtcdemo:unavailable-id: ID "receiver" is taken');
    expect(error.kind).toBe('unavailable-id');
    expect(error.message).toBe('ID "receiver" is taken');
  });

  it.each([
    'Protocol error (Runtime.callFunctionOn): Target closed',
    'Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.',
    'Execution context was destroyed, most likely because of a navigation; frame detached',
  ])('calls %j a closed page', (message) => {
    const error = toAgentError(new Error(message));
    expect(error.kind).toBe('page-closed');
    expect(error.message).toBe('the agent page closed');
  });

  it('keeps the first line of anything else as an unknown error', () => {
    const error = toAgentError(new TypeError('cannot read x\nstack line'));
    expect(error.kind).toBe('unknown');
    expect(error.message).toBe('cannot read x');
  });

  it('returns an AgentError unchanged', () => {
    const original = new AgentError('media', 'no camera');
    expect(toAgentError(original)).toBe(original);
  });
});

describe('explainAgentError', () => {
  const context = { serverUrl: 'http://localhost:9000/', key: 'peerjs', id: 'alice', to: 'bob' };

  it.each<[AgentErrorKind | 'page-closed' | 'page-crashed', new (message: string) => Error, number, string[]]>([
    ['peer-unavailable', EnvironmentError, 3, ['"bob"', 'http://localhost:9000/', '(the detail)', 'rtcdemo receive --id bob']],
    ['unavailable-id', EnvironmentError, 3, ['"alice"', 'http://localhost:9000/', '--id']],
    ['invalid-id', UsageError, 2, ['"alice"', 'the detail']],
    ['invalid-key', UsageError, 2, ['refused key "peerjs"', "pass the server's --key"]],
    ['server-silent', EnvironmentError, 3, ['never confirmed the peer (the detail)', 'PeerJS server']],
    ['network', EnvironmentError, 3, ['http://localhost:9000/', 'the detail']],
    ['socket-error', EnvironmentError, 3, ['http://localhost:9000/', 'the detail']],
    ['socket-closed', EnvironmentError, 3, ['http://localhost:9000/', 'the detail']],
    ['server-error', EnvironmentError, 3, ['http://localhost:9000/ answered with an error: the detail']],
    ['media', EnvironmentError, 3, ['camera', 'the detail']],
    ['timeout', CheckFailedError, 1, ['timed out', 'the detail']],
    ['page-closed', EnvironmentError, 3, ['browser closed', '--verbose']],
    ['page-crashed', EnvironmentError, 3, ['the detail', '--verbose']],
    ['webrtc', CheckFailedError, 1, ['the detail']],
    ['not-ready', CheckFailedError, 1, ['the detail']],
  ])('%s → %o (exit %i)', (kind, ErrorClass, exitCode, mentions) => {
    const explained = explainAgentError(new AgentError(kind, 'the detail'), context);
    expect(explained).toBeInstanceOf(ErrorClass);
    expect((explained as { exitCode?: number }).exitCode).toBe(exitCode);
    for (const text of mentions) expect(explained.message).toContain(text);
  });

  it('never prints an empty reason: a socket error without a message says the browser gave none', () => {
    const explained = explainAgentError(new AgentError('socket-error', ''), { ...context, serverProblem: null });
    expect(explained.message).toBe(
      'lost or could not open the WebSocket to the signaling server at http://localhost:9000/ (the browser gives no reason); its HTTP side answers as a PeerJS server',
    );
    expect(explained.message).not.toContain('()');
    expect(explainAgentError(new AgentError('webrtc', ''), context).message).toBe('webrtc error without a message');
  });

  it.each(['network', 'socket-error', 'socket-closed', 'server-error', 'server-silent'] as const)('%s: the server diagnosis is the message', (kind) => {
    const serverProblem = { kind: 'not-peerjs' as const, message: 'http://localhost:9000/ answered but is not a PeerJS server (GET /peerjs/id → 404): check …' };
    const explained = explainAgentError(new AgentError(kind, ''), { ...context, serverProblem });
    expect(explained).toBeInstanceOf(EnvironmentError);
    expect(explained.message).toBe(serverProblem.message);
    expect(needsServerDiagnosis(new AgentError(kind, ''))).toBe(true);
  });

  it.each(['peer-unavailable', 'invalid-key', 'timeout', 'webrtc'] as const)('%s does not wait for a server diagnosis', (kind) => {
    expect(needsServerDiagnosis(new AgentError(kind, 'x'))).toBe(false);
  });

  it('explains a raw page error that still carries the rtcdemo: prefix', () => {
    const explained = explainAgentError(new Error('rtcdemo:peer-unavailable: Could not connect to peer bob'), context);
    expect(explained).toBeInstanceOf(EnvironmentError);
    expect(explained.message).toContain('"bob"');
  });

  it('says "?" rather than "undefined" when the context lacks the id', () => {
    const explained = explainAgentError(new AgentError('unavailable-id', 'taken'), { serverUrl: 'http://h:1/' });
    expect(explained.message).toContain('id "?"');
    expect(explained.message).not.toContain('undefined');
  });

  it('passes other errors through untouched', () => {
    const other = new RangeError('something else');
    expect(explainAgentError(other, context)).toBe(other);
    const wrapped = explainAgentError('a string', context);
    expect(wrapped).toBeInstanceOf(Error);
    expect(wrapped.message).toBe('a string');
  });
});
