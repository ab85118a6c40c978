import assert from "node:assert/strict";
import { test } from "node:test";
import { originProblem } from "./ui-origin";

const base = { host: "127.0.0.1:3000", forwardedHost: null, externalUrl: "https://vigil.example.com", bearer: false };

test("pages of this Vigil may open the socket: same host as the request, or VIGIL_EXTERNAL_URL's origin", () => {
  assert.equal(originProblem({ ...base, origin: "http://127.0.0.1:3000" }), null);
  assert.equal(originProblem({ ...base, origin: "https://127.0.0.1:3000" }), null);
  assert.equal(originProblem({ ...base, origin: "https://vigil.example.com" }), null);
  assert.equal(originProblem({ ...base, host: "VIGIL.example.com", origin: "https://vigil.example.com" }), null);
  assert.equal(originProblem({ ...base, forwardedHost: "proxy.example", origin: "https://proxy.example" }), null);
});

test("a foreign origin is refused, with a bearer token too", () => {
  for (const origin of ["http://evil.example", "http://127.0.0.1:3001", "https://vigil.example.com.evil.example", "null", "file://", "not a url"]) {
    assert.match(originProblem({ ...base, origin }) ?? "", /may not open/, origin);
    assert.match(originProblem({ ...base, bearer: true, origin }) ?? "", /may not open/, origin);
  }
  assert.match(originProblem({ ...base, host: null, origin: "http://127.0.0.1:3000" }) ?? "", /may not open/);
});

test("no Origin: a non-browser client with a bearer token is fine, a cookie handshake is refused", () => {
  assert.equal(originProblem({ ...base, origin: null, bearer: true }), null);
  assert.match(originProblem({ ...base, origin: null }) ?? "", /without an Origin/);
  assert.match(originProblem({ ...base, origin: "" }) ?? "", /without an Origin/);
});
