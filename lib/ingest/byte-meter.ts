import type { TokenBucket } from "./token-bucket";

const EVENT = 0x32; // "2": a Socket.IO EVENT packet
const BINARY_EVENT = 0x35; // "5": a BINARY_EVENT header, its attachments follow as binary packets

/**
 * Bytes one agent connection sends, charged as they arrive to the node's own budget and to its
 * enrollment token's shared one. Measured on the raw packets (exact, and one length per packet:
 * no re-serialising of payloads, and bytes a schema would strip count too).
 *
 * Socket.IO hands events to their listeners a tick or two after the packets arrived, several
 * packets may arrive before the first is handed over, and the listener never sees the packet. So
 * each event packet's size waits in arrival order, and the events are judged in the same order
 * (`admitEvent`, called for every event of the connection). A refused event is not charged: its
 * resend pays. An admitted one may overdraw the budget; the next waits until the debt is repaid.
 */
export class ByteMeter {
  private readonly eventSizes: number[] = [];
  private readonly eventPrefix: string;

  constructor(
    private readonly own: TokenBucket,
    private readonly shared: TokenBucket | null,
    namespace: string,
  ) {
    this.eventPrefix = `${namespace},`;
  }

  /** One engine.io message packet as received. Event sizes wait for `admitEvent`; anything else (acks, attachments) is charged now. */
  received(data: unknown, now: number): void {
    if (typeof data === "string") {
      const bytes = Buffer.byteLength(data);
      if (this.isEvent(data)) this.eventSizes.push(bytes);
      else this.charge(now, bytes);
      return;
    }
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) this.charge(now, data.byteLength);
  }

  /** The next event in arrival order: 0 when admitted (and charged), else how many ms until it would be. */
  admitEvent(now: number): number {
    const bytes = this.eventSizes.shift() ?? 0;
    const wait = Math.max(this.own.waitMs(now, 0), this.shared ? this.shared.waitMs(now, 0) : 0);
    if (wait > 0) return wait;
    this.charge(now, bytes);
    return 0;
  }

  private charge(now: number, bytes: number): void {
    this.own.spend(now, bytes);
    this.shared?.spend(now, bytes);
  }

  /** `2/agent,…` or `5<n>-/agent,…`: an event for this namespace (another namespace's events never reach this socket). */
  private isEvent(data: string): boolean {
    const type = data.charCodeAt(0);
    if (type === EVENT) return data.startsWith(this.eventPrefix, 1);
    if (type !== BINARY_EVENT) return false;
    const dash = data.indexOf("-", 1);
    return dash > 0 && data.startsWith(this.eventPrefix, dash + 1);
  }
}
