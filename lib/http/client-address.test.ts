import assert from "node:assert/strict";
import { test } from "node:test";
import { clientAddress, normalizeAddress, trustedProxies } from "./client-address";

const none = trustedProxies([]);
const proxies = trustedProxies(["10.0.0.0/8", "fd00::/8", "127.0.0.1/32"]);

test("without trusted proxies the socket's peer is the client, whatever X-Forwarded-For says", () => {
  assert.equal(clientAddress("203.0.113.9", "198.51.100.1", none), "203.0.113.9");
  assert.equal(clientAddress("127.0.0.1", "198.51.100.1", none), "127.0.0.1");
  assert.equal(clientAddress(undefined, undefined, none), "unknown");
});

test("behind trusted proxies the right-most untrusted hop is the client", () => {
  assert.equal(clientAddress("10.1.1.1", "198.51.100.1", proxies), "198.51.100.1");
  // The client prepended a fake; the proxy appended what it saw.
  assert.equal(clientAddress("10.1.1.1", "1.2.3.4, 198.51.100.1", proxies), "198.51.100.1");
  // Two proxies in a row.
  assert.equal(clientAddress("10.1.1.1", "198.51.100.1, 10.2.2.2", proxies), "198.51.100.1");
  // Several headers are one list.
  assert.equal(clientAddress("10.1.1.1", ["1.2.3.4", "198.51.100.7"], proxies), "198.51.100.7");
  // Every hop a proxy: the left-most is as far as anyone can tell.
  assert.equal(clientAddress("10.1.1.1", "10.3.3.3, 10.2.2.2", proxies), "10.3.3.3");
  // No header: the proxy itself.
  assert.equal(clientAddress("10.1.1.1", undefined, proxies), "10.1.1.1");
});

test("garbage in X-Forwarded-For stops at the proxy that passed it on", () => {
  assert.equal(clientAddress("10.1.1.1", "not-an-address", proxies), "10.1.1.1");
  assert.equal(clientAddress("10.1.1.1", "198.51.100.1, bogus, 10.2.2.2", proxies), "10.2.2.2");
});

test("IPv6 and IPv4-mapped peers", () => {
  assert.equal(normalizeAddress("::ffff:127.0.0.1"), "127.0.0.1");
  assert.equal(clientAddress("::ffff:127.0.0.1", "2001:db8::1", proxies), "2001:db8::1");
  assert.equal(clientAddress("fd12::3", "2001:DB8::2", proxies), "2001:db8::2");
  assert.equal(clientAddress("2001:db8::9", "2001:db8::1", proxies), "2001:db8::9");
});
