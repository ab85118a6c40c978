import "server-only";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server } from "socket.io";
import { securityHeaders } from "./security-headers";

/** Paths whose responses are never HTML, so they need no nonce. */
const NO_HTML = /^\/(api\/|_next\/static\/|metrics$)/;
/** The public page of a signed one-click link, and its POST (docs/paging-links.md). */
const PAGE_LINK = /^\/(p|api\/v1\/links)\//;

/**
 * Sets the security headers on a response before Next.js (or /metrics) writes it. For pages it
 * also writes the policy, with this request's nonce, into the request's headers: that is where
 * Next.js reads the nonce it puts on its scripts. A policy a client sent is overwritten.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, production: boolean): void {
  const path = (req.url ?? "/").split("?")[0];
  const nonce = NO_HTML.test(path) ? null : randomBytes(16).toString("base64");
  const headers = securityHeaders({ nonce, host: req.headers.host ?? null, production });
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (PAGE_LINK.test(path)) {
    // A signed page link carries its capability in the URL: never sent on as a referrer, kept in a cache or indexed.
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Robots-Tag", "noindex, nofollow");
  }
  delete req.headers["content-security-policy-report-only"];
  if (nonce) req.headers["content-security-policy"] = headers["Content-Security-Policy"];
  else delete req.headers["content-security-policy"];
}

/** Socket.IO answers its long-polling requests itself, before the HTTP handler: the same headers there. */
export function secureSocketResponses(io: Server, production: boolean): void {
  io.engine.on("headers", (headers: Record<string, string>, req: IncomingMessage) => {
    Object.assign(headers, securityHeaders({ nonce: null, host: req.headers.host ?? null, production }));
  });
}
