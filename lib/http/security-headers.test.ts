import assert from "node:assert/strict";
import { test } from "node:test";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `));

test("a page's policy allows its nonce's scripts, refuses framing, plugins and foreign bases and forms", () => {
  const policy = contentSecurityPolicy({ nonce: "abc123==", host: "vigil.example:3000", production: true });
  assert.equal(directive(policy, "script-src"), "script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
  assert.equal(directive(policy, "frame-ancestors"), "frame-ancestors 'none'");
  assert.equal(directive(policy, "object-src"), "object-src 'none'");
  assert.equal(directive(policy, "base-uri"), "base-uri 'self'");
  assert.equal(directive(policy, "form-action"), "form-action 'self'");
  assert.equal(directive(policy, "default-src"), "default-src 'self'");
  assert.equal(directive(policy, "img-src"), "img-src 'self' data: blob:");
  assert.equal(directive(policy, "connect-src"), "connect-src 'self' ws://vigil.example:3000 wss://vigil.example:3000");
  assert.ok(!policy.includes("unsafe-eval"));
});

test("development mode adds 'unsafe-eval' (React's dev tooling), production never", () => {
  assert.match(directive(contentSecurityPolicy({ nonce: null, host: null, production: false }), "script-src") ?? "", /'unsafe-eval'/);
  assert.doesNotMatch(directive(contentSecurityPolicy({ nonce: null, host: null, production: true }), "script-src") ?? "", /unsafe/);
});

test("a Host header that is not a plain host[:port] is not echoed into the policy", () => {
  for (const host of ["evil.example; script-src *", "a b", "x\"y"]) {
    assert.equal(directive(contentSecurityPolicy({ nonce: null, host, production: true }), "connect-src"), "connect-src 'self'");
  }
  assert.match(contentSecurityPolicy({ nonce: null, host: "[::1]:3000", production: true }), /ws:\/\/\[::1\]:3000/);
});

test("the other headers", () => {
  const headers = securityHeaders({ nonce: null, host: null, production: true });
  assert.equal(headers["X-Frame-Options"], "DENY");
  assert.equal(headers["X-Content-Type-Options"], "nosniff");
  assert.equal(headers["Referrer-Policy"], "same-origin");
});
