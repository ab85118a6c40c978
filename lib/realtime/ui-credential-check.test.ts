import assert from "node:assert/strict";
import { test } from "node:test";
import { judgeLiveCredential } from "./ui-credential-check";

const NOW = 1_800_000_000_000;
const session = { id: "s1", expiresAt: NOW + 3_600_000, lastSeenAt: NOW - 120_000, userId: "u1", role: "operator" };
const token = { id: "t1", role: "viewer", revokedAt: null };
const rows = { sessions: new Map([["s1", session]]), tokens: new Map([["t1", token]]) };
const bySession = { kind: "session", sessionId: "s1", userId: "u1" } as const;

test("a live session keeps its socket, with its user's role of now", () => {
  assert.deepEqual(judgeLiveCredential(bySession, rows, NOW, 0), { keep: true, role: "operator" });
  const demoted = { ...rows, sessions: new Map([["s1", { ...session, role: "viewer" }]]) };
  assert.deepEqual(judgeLiveCredential(bySession, demoted, NOW, 0), { keep: true, role: "viewer" });
});

test("a session gone, expired or idle past the limit ends the socket", () => {
  assert.equal(judgeLiveCredential(bySession, { ...rows, sessions: new Map() }, NOW, 0).keep, false);
  assert.equal(judgeLiveCredential(bySession, rows, session.expiresAt, 0).keep, false);
  assert.equal(judgeLiveCredential(bySession, rows, NOW, 60_000).keep, false);
  assert.equal(judgeLiveCredential(bySession, rows, NOW, 180_000).keep, true);
});

test("an API token stays until it is revoked or deleted; the bootstrap token always stays", () => {
  const byToken = { kind: "token", tokenId: "t1" } as const;
  assert.deepEqual(judgeLiveCredential(byToken, rows, NOW, 0), { keep: true, role: "viewer" });
  const revoked = { ...rows, tokens: new Map([["t1", { ...token, revokedAt: NOW - 1 }]]) };
  assert.deepEqual(judgeLiveCredential(byToken, revoked, NOW, 0), { keep: false, reason: "the API token was revoked" });
  assert.equal(judgeLiveCredential(byToken, { ...rows, tokens: new Map() }, NOW, 0).keep, false);
  assert.deepEqual(judgeLiveCredential({ kind: "bootstrap" }, { sessions: new Map(), tokens: new Map() }, NOW, 0), { keep: true, role: null });
});
