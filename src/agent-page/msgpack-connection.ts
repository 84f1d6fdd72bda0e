/**
 * PeerJS's MsgPack DataConnection, receiving every value. PeerJS 1.5.5's own reads `msg.__peerData?.type`
 * on each decoded value, which throws for `null` and ends its decode loop: after one `send(null)` the
 * connection never delivers anything again.
 * https://github.com/peers/peerjs/blob/v1.5.5/lib/dataconnection/StreamConnection/MsgPack.ts#L15
 * This is that class (same wire format, same "MsgPack" name in the OFFER) with the check made null-safe,
 * and with the decoder's own length limits set, so one string or binary can't grow past the page's bound.
 */
import { StreamConnection, type Peer } from 'peerjs';
import { Encoder, decodeMultiStream } from '@msgpack/msgpack';
import { refuseAboveBytes, DEFAULT_MAX_MESSAGE_BYTES } from '../shared/receive-bounds.js';

let maxValueBytes = refuseAboveBytes(DEFAULT_MAX_MESSAGE_BYTES);

/** The largest string or binary a MsgPack connection decodes (set from startPeer's maxMessageBytes). */
export function setMsgPackValueLimit(bytes: number): void {
  maxValueBytes = bytes;
}

export class NullSafeMsgPack extends StreamConnection {
  readonly serialization = 'MsgPack';
  private readonly encoder = new Encoder();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- PeerJS's own constructor signature
  constructor(peerId: string, provider: Peer, options: any) {
    super(peerId, provider, options);
    const limit = maxValueBytes;
    void (async () => {
      for await (const message of decodeMultiStream<undefined>(this._rawReadStream, { maxStrLength: limit, maxBinLength: limit })) {
        if ((message as { __peerData?: { type?: string } } | null)?.__peerData?.type === 'close') {
          this.close();
          return;
        }
        this.emit('data', message);
      }
    })().catch((error: unknown) => {
      // A value over the limit, or bytes that are not MsgPack: nothing more can be read from this stream.
      this.emit('error', Object.assign(new Error(`MsgPack: ${error instanceof Error ? error.message : String(error)}`), { type: 'message-too-big' }) as never);
      this.close();
    });
  }

  protected _send(data: unknown): Promise<void> {
    return this.writer.write(this.encoder.encode(data));
  }
}
