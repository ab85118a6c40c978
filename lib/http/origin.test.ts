import assert from "node:assert/strict";
import { test } from "node:test";
import { isOwnOrigin, isSameOriginRequest, ownHosts } from "./origin";

const EXTERNAL = "https://vigil.example";
const headers = (over: Partial<{ origin: string | null; secFetchSite: string | null; host: string | null; forwardedHost: string | null }>) => ({
  origin: null,
  secFetchSite: null,
  host: "127.0.0.1:3000",
  forwardedHost: null,
  ...over,
});

test("the page's own origin, the proxy's host and the external URL are own origins", () => {
  assert.equal(isSameOriginRequest(headers({ origin: "http://127.0.0.1:3000" }), EXTERNAL), true);
  assert.equal(isSameOriginRequest(headers({ origin: "https://vigil.example" }), EXTERNAL), true);
  assert.equal(isSameOriginRequest(headers({ origin: "https://proxy.example", forwardedHost: "proxy.example" }), EXTERNAL), true);
});

test("other origins are refused, compared by host not by prefix", () => {
  const hosts = ownHosts({ host: "vigil.example", forwardedHost: null }, EXTERNAL);
  assert.equal(isOwnOrigin("https://vigil.example.evil.com", hosts), false);
  assert.equal(isOwnOrigin("https://evil.com", hosts), false);
  assert.equal(isOwnOrigin("null", hosts), false);
  assert.equal(isOwnOrigin("file://vigil.example", hosts), false);
  assert.equal(isOwnOrigin("https://vigil.example:8443", hosts), false);
});

test("without Origin, Sec-Fetch-Site must say same-origin; with neither the change is refused", () => {
  assert.equal(isSameOriginRequest(headers({ secFetchSite: "same-origin" }), EXTERNAL), true);
  assert.equal(isSameOriginRequest(headers({ secFetchSite: "cross-site" }), EXTERNAL), false);
  assert.equal(isSameOriginRequest(headers({ secFetchSite: "same-site" }), EXTERNAL), false);
  assert.equal(isSameOriginRequest(headers({}), EXTERNAL), false);
});
