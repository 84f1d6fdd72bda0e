/**
 * `call-test --network <profile>`: the call-test with each side's browser in its own LAN namespace, behind
 * its own router, the signaling and TURN servers in the lab's wan namespace. Checks the machine, removes labs
 * left by killed runs, builds the lab, runs the ordinary call-test through it, and removes everything it made
 * on the way out — success, failure or abort (Ctrl-C/SIGTERM abort `options.signal`; the call-test then
 * throws and the `finally` here still runs before the CLI exits).
 */
import { EnvironmentError } from '../errors.js';
import { rtcdemoEvent, type RtcdemoEventMap } from '../events.js';
import { NO_ICE_SERVERS, type IceServerConfig } from '../../protocol.js';
import { AbortedError } from '../abort.js';
import { runCallTest, type CallTestOptions } from '../call-test/run-call-test.js';
import type { CallTestResult } from '../call-test/result.js';
import type { SideBrowser } from '../call-test/side-sessions.js';
import { checkLabPrivileges, findLabTools } from './environment.js';
import { createLab, probeNetem, sweepStaleLabs, type NetworkLab } from './lab.js';
import { startTurnServer, type TurnServer } from '../turn/turn-server.js';
import { sweepOrphanTurnServers } from '../turn/orphans.js';
import type { LabRole } from './names.js';
import { needsNetem, type NetworkProfile } from './profile.js';
import { startWanSignalingServer } from './wan-signaling.js';

export interface NetworkCallTestOptions extends CallTestOptions {
  network: NetworkProfile;
  /** Give both sides the lab's STUN server (coturn at the wan address; the TURN server itself with --turn). */
  stun: boolean;
}

/**
 * Chromium in a lab: real host addresses in candidates (by default Chromium hides them behind mDNS names that
 * only resolve on one link, https://datatracker.ietf.org/doc/html/draft-ietf-mmusic-mdns-ice-candidates), so the `lan`
 * profile's routed subnets can connect host to host as real LANs with real addresses do.
 */
const LAB_BROWSER_FLAGS = ['--disable-features=WebRtcHideLocalIpsWithMdns'];

/**
 * coturn in the lab listens on fixed ports: the wan namespace is the lab's own, nothing else listens there,
 * and STUN URLs can be known before it starts.
 */
const LAB_TURN_PORTS = { port: 3478, tlsPort: 5349, relayPorts: { min: 49152, max: 50151 } };

export async function runNetworkCallTest(options: NetworkCallTestOptions): Promise<CallTestResult> {
  const report = (step: RtcdemoEventMap['network-lab']['step'], ms: number, detail: string | null) => options.onEvent?.(rtcdemoEvent('network-lab', { step, ms, detail }));
  checkLabPrivileges();
  const tools = findLabTools();
  const sweepStart = performance.now();
  const swept = await sweepStaleLabs(tools);
  // A killed lab run also leaves its coturn's state folder; its processes went with the lab's namespaces.
  sweepOrphanTurnServers();
  report('swept', performance.now() - sweepStart, swept.length ? `removed ${swept.join(', ')}` : null);
  if (needsNetem(options.network)) {
    const netem = await probeNetem(tools);
    if (!netem.available) throw new EnvironmentError(`--network ${options.network.text}: ${netem.reason}`);
  }
  const lab = await createLab(options.network, tools);
  report('lab-ready', lab.setupMs, `servers at ${lab.addresses.wan}`);
  // coturn in the wan namespace, on the wan address, relaying only to wan addresses (the two relays and the
  // routers' public sides): never to anything outside the lab.
  const inLab = { listenIp: lab.addresses.wan, commandPrefix: lab.execPrefix('wan'), allowedPeers: [lab.addresses.wanPrefix], ...LAB_TURN_PORTS };
  let stunServer: TurnServer | null = null;
  let result: CallTestResult;
  let teardownMs: number | null = null;
  try {
    if (options.signal.aborted) throw new AbortedError();
    // --stun alone runs coturn for its STUN answers; with --turn the call-test's TURN server answers them.
    if (options.stun && !options.turn) {
      const start = performance.now();
      stunServer = await startTurnServer({ ...inLab, binary: 'turnserver' });
      report('turn-ready', performance.now() - start, null);
    }
    const ice = options.ice ?? NO_ICE_SERVERS;
    const stun: IceServerConfig[] = options.stun ? [{ urls: `stun:${lab.addresses.wan}:${LAB_TURN_PORTS.port}` }] : [];
    const side = (role: LabRole): SideBrowser => ({ browserPath: options.browserPath, commandPrefix: lab.execPrefix(role), pageOverDevtools: true, extraBrowserArgs: LAB_BROWSER_FLAGS, profileParent: lab.tmpDir });
    result = await runCallTest({
      ...options,
      ice: { ...ice, iceServers: [...ice.iceServers, ...stun] },
      turn: options.turn ? { ...options.turn, ...inLab } : null,
      startServer: (engine) => startWanSignalingServer(lab, engine),
      browsers: { receiver: side('lan-a'), sender: side('lan-b') },
    });
    result = { ...result, network: describeLab(lab, result) };
  } finally {
    await stunServer?.stop();
    teardownMs = await lab.close();
    report('lab-removed', teardownMs, null);
  }
  return { ...result, network: result.network && { ...result.network, teardownMs } };
}

function describeLab(lab: NetworkLab, result: CallTestResult): NonNullable<CallTestResult['network']> {
  return {
    profile: lab.profile.text,
    addresses: { wan: lab.addresses.wan, receiver: lab.addresses.lanA.host, sender: lab.addresses.lanB.host },
    // The call-test's own report already leaves credentials out.
    iceServers: result.options.ice.servers.flatMap((s) => s.urls),
    setupMs: lab.setupMs,
    teardownMs: null,
  };
}
