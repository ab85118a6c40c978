import { BlockList, isIP } from "node:net";
import type { IncomingMessage } from "node:http";

/**
 * Who is asking, for the login throttle and the audit log. Next.js route handlers never see the
 * socket, so server.ts stamps every request with this header and overwrites whatever a client
 * sent under the same name.
 */
export const CLIENT_ADDRESS_HEADER = "x-vigil-client-address";

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return mapped ? mapped[1] : trimmed.toLowerCase();
}

export type TrustedProxies = { contains: (address: string) => boolean };

/** `VIGIL_TRUSTED_PROXIES`' CIDRs (already validated by lib/config.ts). */
export function trustedProxies(cidrs: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network, prefix] = cidr.split("/");
    const family = isIP(network);
    if (family === 0) continue;
    list.addSubnet(normalizeAddress(network), Number(prefix), family === 4 ? "ipv4" : "ipv6");
  }
  return {
    contains(address) {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then
 * X-Forwarded-For is read from the right (each proxy appends the address it saw) and the first
 * hop that is not a trusted proxy is the client. Hops further left were written by the client
 * itself and are never believed. A hop that is not an address stops the walk at the proxy that
 * reported it.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  let address = normalizeAddress(peer ?? "") || "unknown";
  if (!trusted.contains(address) || !forwardedFor) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",").map(normalizeAddress);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (isIP(hops[i]) === 0) return address;
    address = hops[i];
    if (!trusted.contains(address)) return address;
  }
  return address;
}

/** server.ts: stamps `req` with its client's address before Next.js (or anything else) sees it. */
export function stampClientAddress(req: IncomingMessage, trusted: TrustedProxies): void {
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
}

/** A route handler's view of the stamped address. */
export function clientAddressOf(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
