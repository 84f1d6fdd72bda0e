/** Free ports from the OS: bound on port 0 (TCP and UDP both free), then released for coturn to take. */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { isIPv6 } from 'node:net';

export async function freePorts(host: string, count: number): Promise<number[]> {
  const held: Array<() => Promise<void>> = [];
  const ports: number[] = [];
  try {
    for (let attempts = 0; ports.length < count && attempts < count * 10; attempts++) {
      const tcp = createServer();
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(0, host, () => resolve());
      });
      held.push(() => new Promise<void>((r) => tcp.close(() => r())));
      const port = (tcp.address() as { port: number }).port;
      // coturn listens on UDP and TCP on the same port: take it only when the UDP side is free too.
      const udp = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
      const udpFree = await new Promise<boolean>((resolve) => {
        udp.once('error', () => resolve(false));
        udp.bind(port, host, () => resolve(true));
      });
      held.push(() => new Promise<void>((r) => { try { udp.close(() => r()); } catch { r(); } }));
      if (udpFree) ports.push(port);
    }
  } finally {
    await Promise.all(held.map((release) => release()));
  }
  if (ports.length < count) throw new Error(`could not find ${count} free ports on ${host}`);
  return ports;
}
