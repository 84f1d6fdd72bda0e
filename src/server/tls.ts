/**
 * HTTPS for the signaling server. Browsers only grant the camera (getUserMedia) to secure contexts, and
 * http://localhost counts as one but http://192.168.1.5 does not
 * (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy). So a demo opened from another machine
 * on the LAN needs HTTPS; a self-signed certificate made on the fly is enough after one browser warning.
 */
import { X509Certificate } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { createRequire } from 'node:module';

// selfsigned 2.4.1's index.d.ts declares `generate` without exporting it, so TypeScript sees no members; type the
// one call we make ourselves.
interface SelfsignedModule {
  generate(
    attrs: Array<{ name: string; value: string }>,
    options: object,
    done: (error: Error | undefined, result: { cert: string; private: string }) => void,
  ): void;
}
/** Loaded on first use: node-forge, under selfsigned, takes a while to load and only --https needs it. */
const loadSelfsigned = (): SelfsignedModule => createRequire(import.meta.url)('selfsigned') as SelfsignedModule;

export interface TlsFiles {
  cert: string | Buffer;
  key: string | Buffer;
}

/** Certificate and key (PEM), or 'self-signed' to make one for this machine's names and addresses. */
export type HttpsOption = TlsFiles | 'self-signed';

export interface CertificateInfo {
  selfSigned: boolean;
  /** SHA-256 fingerprint, as browsers show it. */
  fingerprint256: string;
  validTo: string;
  /** e.g. "DNS:localhost, IP Address:127.0.0.1" */
  subjectAltName: string;
}

export interface ResolvedTls extends TlsFiles {
  info: CertificateInfo;
}

export async function resolveTls(option: HttpsOption, host: string): Promise<ResolvedTls> {
  const selfSigned = option === 'self-signed';
  const files = selfSigned ? await createSelfSignedCertificate(certificateNames(host)) : option;
  const x509 = new X509Certificate(files.cert);
  return {
    ...files,
    info: { selfSigned, fingerprint256: x509.fingerprint256, validTo: x509.validTo, subjectAltName: x509.subjectAltName ?? '' },
  };
}

/** localhost, the loopback addresses, this machine's LAN addresses, and the host the server was asked to bind. */
export function certificateNames(host: string): string[] {
  const names = ['localhost', '127.0.0.1', '::1', ...lanAddresses({ includeIPv6: true })];
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare && bare !== '0.0.0.0' && bare !== '::') names.push(bare);
  return [...new Set(names)];
}

/** Non-internal addresses of this machine; IPv6 link-local ones are left out (they need a zone to be reachable). */
export function lanAddresses({ includeIPv6 = false } = {}): string[] {
  const found: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      if (entry.family === 'IPv4') found.push(entry.address);
      else if (includeIPv6 && !entry.address.toLowerCase().startsWith('fe80:')) found.push(entry.address);
    }
  }
  return found;
}

export async function createSelfSignedCertificate(names: string[]): Promise<TlsFiles> {
  // subjectAltName entries: type 2 is dNSName, type 7 is iPAddress (RFC 5280 §4.2.1.6, node-forge's numbering).
  const altNames = names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name }));
  const attrs = [{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'rtcdemo (self-signed)' }];
  const options = {
    keySize: 2048,
    days: 30,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  };
  // The callback form lets node-forge use Node's asynchronous key generation instead of blocking.
  const pems = await new Promise<{ cert: string; private: string }>((resolve, reject) => {
    loadSelfsigned().generate(attrs, options, (error, result) => (error ? reject(error) : resolve(result)));
  });
  return { cert: pems.cert, key: pems.private };
}
