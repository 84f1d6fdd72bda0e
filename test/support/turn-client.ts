/**
 * Just enough of a TURN client (RFC 8656 over UDP, long-term credentials per RFC 8489 §9.2) to ask a real
 * coturn for an allocation and for permissions to peers: the test of "not an open relay" needs to see the
 * server refuse a peer outside the allowed ranges (403) and accept one inside them. IPv4 only.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

const MAGIC_COOKIE = 0x2112a442;
const ATTR = { username: 0x0006, messageIntegrity: 0x0008, errorCode: 0x0009, realm: 0x0014, nonce: 0x0015, xorPeerAddress: 0x0012, requestedTransport: 0x0019 };
const METHOD = { allocate: 0x0003, createPermission: 0x0008 };

export interface TurnResponse {
  ok: boolean;
  /** The STUN error code (401, 403…), or null on success. */
  errorCode: number | null;
  attributes: Map<number, Buffer>;
}

function attribute(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  const padding = Buffer.alloc((4 - (value.length % 4)) % 4);
  return Buffer.concat([header, value, padding]);
}

function xorPeerAddress(ip: string, port: number): Buffer {
  const value = Buffer.alloc(8);
  value.writeUInt8(0x01, 1); // IPv4
  value.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  const address = ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  value.writeUInt32BE((address ^ MAGIC_COOKIE) >>> 0, 4);
  return value;
}

function encode(method: number, attributes: Buffer[], key: Buffer | null): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(method, 0); // a request: class bits 0
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  randomBytes(12).copy(header, 8);
  let body = Buffer.concat(attributes);
  if (key) {
    // MESSAGE-INTEGRITY covers the message with its length already counting the integrity attribute (24 bytes).
    header.writeUInt16BE(body.length + 24, 2);
    const hmac = createHmac('sha1', key).update(Buffer.concat([header, body])).digest();
    body = Buffer.concat([body, attribute(ATTR.messageIntegrity, hmac)]);
  }
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function decode(message: Buffer): TurnResponse {
  const type = message.readUInt16BE(0);
  const attributes = new Map<number, Buffer>();
  for (let offset = 20; offset + 4 <= message.length; ) {
    const attrType = message.readUInt16BE(offset);
    const length = message.readUInt16BE(offset + 2);
    attributes.set(attrType, message.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length + ((4 - (length % 4)) % 4);
  }
  const isError = (type & 0x0110) === 0x0110;
  const error = attributes.get(ATTR.errorCode);
  return { ok: !isError, errorCode: isError && error ? error.readUInt8(2) * 100 + error.readUInt8(3) : null, attributes };
}

export class TurnTestClient {
  private readonly socket: Socket = createSocket('udp4');
  private auth: { realm: Buffer; nonce: Buffer; key: Buffer } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly username: string,
    private readonly password: string,
  ) {}

  private request(message: Buffer): Promise<TurnResponse> {
    const transactionId = message.subarray(8, 20);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off('message', onMessage);
        reject(new Error(`no answer from the TURN server at ${this.host}:${this.port}`));
      }, 5000);
      // Only the answer to this request: a late reply to an earlier one must not be taken for it.
      const onMessage = (reply: Buffer) => {
        if (reply.length < 20 || !reply.subarray(8, 20).equals(transactionId)) return;
        clearTimeout(timer);
        this.socket.off('message', onMessage);
        resolve(decode(reply));
      };
      this.socket.on('message', onMessage);
      this.socket.send(message, this.port, this.host);
    });
  }

  private async authenticated(method: number, attributes: Buffer[], retries = 2): Promise<TurnResponse> {
    const auth = this.auth!;
    const response = await this.request(
      encode(method, [...attributes, attribute(ATTR.username, Buffer.from(this.username)), attribute(ATTR.realm, auth.realm), attribute(ATTR.nonce, auth.nonce)], auth.key),
    );
    // 438 Stale Nonce: coturn may hand out a new nonce (it runs a thread per core); retry with it, as
    // RFC 8489 §9.2.5 says a client does.
    const nonce = response.attributes.get(ATTR.nonce);
    if (response.errorCode === 438 && nonce && retries > 0) {
      auth.nonce = nonce;
      return this.authenticated(method, attributes, retries - 1);
    }
    return response;
  }

  /** Allocate: the 401 challenge, then the request with credentials. */
  async allocate(): Promise<TurnResponse> {
    const transport = attribute(ATTR.requestedTransport, Buffer.from([17, 0, 0, 0]));
    const challenge = await this.request(encode(METHOD.allocate, [transport], null));
    const realm = challenge.attributes.get(ATTR.realm);
    const nonce = challenge.attributes.get(ATTR.nonce);
    if (challenge.errorCode !== 401 || !realm || !nonce) throw new Error(`expected a 401 challenge, got ${challenge.errorCode}`);
    const key = createHash('md5').update(`${this.username}:${realm.toString()}:${this.password}`).digest();
    this.auth = { realm, nonce, key };
    return this.authenticated(METHOD.allocate, [transport]);
  }

  /** CreatePermission for one peer address (the port is ignored by TURN permissions, RFC 8656 §9). */
  createPermission(peerIp: string): Promise<TurnResponse> {
    return this.authenticated(METHOD.createPermission, [attribute(ATTR.xorPeerAddress, xorPeerAddress(peerIp, 9))]);
  }

  close(): void {
    this.socket.close();
  }
}
