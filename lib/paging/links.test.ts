import assert from "node:assert/strict";
import { test } from "node:test";
import { PAGE_LINK_TTL_MS, newLinkKey, pageLinks, signPageLink, verifyPageLink, type LinkKey } from "./links";

const KEY: LinkKey = { id: "k1", secret: Buffer.alloc(32, 7).toString("base64url") };
const OTHER: LinkKey = { id: "k2", secret: Buffer.alloc(32, 9).toString("base64url") };
const NOW = 1_780_000_000_000;
const NONCE = "bm9uY2Utbm9uY2Utbm9uY2U";
const claims = { action: "acknowledge" as const, target: "page-1", expiresAt: NOW + 60_000, nonce: NONCE };

/** Changes one character of part `index` (0-based) of a token to another base64url character. */
function tamper(token: string, index: number, at: number): string {
  const parts = token.split(".");
  const part = parts[index];
  const position = at < 0 ? part.length + at : at;
  const replacement = part[position] === "A" ? "B" : "A";
  parts[index] = part.slice(0, position) + replacement + part.slice(position + 1);
  return parts.join(".");
}

test("a signed link verifies and carries its claims back", () => {
  const token = signPageLink(claims, KEY);
  assert.match(token, /^[A-Za-z0-9._~-]+$/, "only URL path characters");
  assert.deepEqual(verifyPageLink(token, [KEY], NOW), { ok: true, claims: { ...claims, keyId: "k1" } });
});

test("targets with dots and any action round-trip", () => {
  for (const action of ["acknowledge", "resolve", "approve", "deny"] as const) {
    const token = signPageLink({ ...claims, action, target: "promote:kv-3.node-7:42" }, KEY);
    const verdict = verifyPageLink(token, [KEY], NOW);
    assert.ok(verdict.ok);
    assert.equal(verdict.claims.action, action);
    assert.equal(verdict.claims.target, "promote:kv-3.node-7:42");
  }
});

test("a tampered payload or signature is refused, even in the last character's spare bits", () => {
  const token = signPageLink(claims, KEY);
  for (const at of [0, 5, -1]) {
    const verdict = verifyPageLink(tamper(token, 2, at), [KEY], NOW);
    assert.equal(verdict.ok, false);
    assert.ok(verdict.ok === false && ["bad-signature", "malformed"].includes(verdict.reason));
    const signature = verifyPageLink(tamper(token, 3, at), [KEY], NOW);
    assert.equal(signature.ok, false);
    assert.ok(signature.ok === false && ["bad-signature", "malformed"].includes(signature.reason));
  }
  // A re-signed payload of another page with a made-up signature is refused too.
  const forged = signPageLink({ ...claims, target: "page-2" }, OTHER).split(".");
  const mixed = [...token.split(".").slice(0, 2), forged[2], token.split(".")[3]].join(".");
  assert.deepEqual(verifyPageLink(mixed, [KEY], NOW), { ok: false, reason: "bad-signature" });
});

test("malformed tokens are refused as malformed", () => {
  for (const token of ["", "v1", "v1.k1.abc", "v2.k1.YQ.YQ", "v1.k1.a b.YQ", "v1.k1.YQ.YQ.YQ", "x".repeat(5000)]) {
    assert.deepEqual(verifyPageLink(token, [KEY], NOW), { ok: false, reason: "malformed" }, token.slice(0, 40));
  }
});

test("an expired link is refused, with the (signed) claims for the audit", () => {
  const token = signPageLink(claims, KEY);
  assert.ok(verifyPageLink(token, [KEY], claims.expiresAt - 1).ok);
  const verdict = verifyPageLink(token, [KEY], claims.expiresAt);
  assert.equal(verdict.ok, false);
  assert.ok(!verdict.ok && verdict.reason === "expired" && verdict.claims?.target === "page-1");
});

test("a link signed with another key is refused; after rotation the previous key still verifies", () => {
  const token = signPageLink(claims, KEY);
  assert.deepEqual(verifyPageLink(token, [OTHER], NOW), { ok: false, reason: "bad-signature" });
  // Same id, other key material: refused by the signature.
  assert.deepEqual(verifyPageLink(token, [{ id: "k1", secret: OTHER.secret }], NOW), { ok: false, reason: "bad-signature" });
  assert.ok(verifyPageLink(token, [OTHER, KEY], NOW).ok, "rotated: the previous key verifies");
  assert.ok(verifyPageLink(signPageLink(claims, OTHER), [OTHER, KEY], NOW).ok);
});

test("pageLinks builds every link of a page with its own nonce and the default TTL", () => {
  let counter = 0;
  const random = (size: number) => Buffer.alloc(size, ++counter);
  const links = pageLinks("page-9", { externalURL: "https://vigil.example/", key: KEY, now: NOW, random });
  assert.equal(links.view, "https://vigil.example/pages/page-9");
  assert.equal(links.approve, null);
  assert.equal(links.deny, null);
  const ack = verifyPageLink(links.acknowledge!.replace("https://vigil.example/p/", ""), [KEY], NOW);
  const resolve = verifyPageLink(links.resolve!.replace("https://vigil.example/p/", ""), [KEY], NOW);
  assert.ok(ack.ok && resolve.ok);
  assert.equal(ack.claims.action, "acknowledge");
  assert.equal(resolve.claims.action, "resolve");
  assert.equal(ack.claims.expiresAt, NOW + PAGE_LINK_TTL_MS);
  assert.notEqual(ack.claims.nonce, resolve.claims.nonce);

  const withApproval = pageLinks("page-9", { externalURL: "https://vigil.example", key: KEY, now: NOW, ttlMs: 1000, approvalActionId: "promote:g1:5" });
  const approve = verifyPageLink(withApproval.approve!.split("/p/")[1], [KEY], NOW);
  const deny = verifyPageLink(withApproval.deny!.split("/p/")[1], [KEY], NOW);
  assert.ok(approve.ok && deny.ok);
  assert.deepEqual([approve.claims.action, approve.claims.target, approve.claims.expiresAt], ["approve", "promote:g1:5", NOW + 1000]);
  assert.equal(deny.claims.action, "deny");
});

test("new keys are random 32-byte keys with distinct ids", () => {
  const a = newLinkKey();
  const b = newLinkKey();
  assert.equal(Buffer.from(a.secret, "base64url").length, 32);
  assert.notEqual(a.id, b.id);
  assert.ok(verifyPageLink(signPageLink(claims, a), [a], NOW).ok);
});
