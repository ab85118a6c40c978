/**
 * The security headers of every response (pages, API, `/metrics`, Socket.IO polling): pure, so
 * `security-headers.test.ts` checks the policy without a server. Applied by `web-edge.ts`.
 *
 * Scripts are allowed by a per-request nonce, not 'unsafe-inline': the App Router inlines its
 * bootstrap and flight data, and Next.js puts the nonce it finds in the *request's*
 * Content-Security-Policy header on every script it renders (docs: "How nonces work in
 * Next.js"). The custom server sets that request header itself, so no proxy.ts is needed; the
 * root layout renders dynamically so no page is a prerendered one without the nonce.
 */

export type PolicyInput = {
  /** Base64 nonce of this response, or null for responses that carry no HTML (API, metrics, polling). */
  nonce: string | null;
  /** The request's Host header, for the WebSocket sources of connect-src (ws: and wss: of 'self' are not matched by every browser). */
  host: string | null;
  /** Next.js in development mode evaluates code (React's error overlays, fast refresh). */
  production: boolean;
};

/** Host header values that may appear in the policy; anything else is left out rather than echoed. */
const HOST_PATTERN = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function contentSecurityPolicy({ nonce, host, production }: PolicyInput): string {
  const sockets = host && HOST_PATTERN.test(host) ? [`ws://${host}`, `wss://${host}`] : [];
  const scripts = nonce ? [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`] : [`'self'`];
  if (!production) scripts.push(`'unsafe-eval'`);
  const directives: [string, string[]][] = [
    ["default-src", [`'self'`]],
    ["script-src", scripts],
    // React's style attributes (widths, colours of charts) are inline styles; a nonce cannot cover attributes.
    ["style-src", [`'self'`, `'unsafe-inline'`]],
    ["img-src", [`'self'`, "data:", "blob:"]],
    ["font-src", [`'self'`, "data:"]],
    ["connect-src", [`'self'`, ...sockets]],
    ["worker-src", [`'self'`, "blob:"]],
    ["object-src", [`'none'`]],
    ["base-uri", [`'self'`]],
    ["form-action", [`'self'`]],
    ["frame-ancestors", [`'none'`]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(" ")}`).join("; ");
}

/** Every header a response gets, the policy included. */
export function securityHeaders(input: PolicyInput): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(input),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
  };
}
