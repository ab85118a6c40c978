/**
 * Signed one-click links of a page (acknowledge, resolve; approve or deny a recovery action in
 * approval mode). A link is a capability: whoever holds it may do that one thing, once, until it
 * expires, without logging in. Pure: the key, the clock and the randomness are given.
 *
 * Token: `v1.<key id>.<payload>.<signature>`, every part base64url (the characters of a URL path
 * segment, so no encoding and nothing a mail client breaks a line at). The payload is
 * `<action letter><expiry ms, base 36>.<nonce>.<target>` (the target last: ids may hold dots);
 * the signature is HMAC-SHA256 over `v1.<key id>.<payload>`. The key id names the key that
 * signed, so a link signed with a rotated-out key keeps working until it expires (docs/paging-links.md).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { PageLinks } from "../webhooks/message";

export const LINK_ACTIONS = ["acknowledge", "resolve", "approve", "deny"] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

/** How long a link works: a page is acted on within hours, a link in an old mail should not. */
export const PAGE_LINK_TTL_MS = 24 * 3_600_000;

/** `secret` is 32 random bytes, base64url (so the keys are plain JSON in the store). */
export type LinkKey = { id: string; secret: string };

export type LinkClaims = { action: LinkAction; target: string; expiresAt: number; nonce: string; keyId: string };
export type LinkRefusal = "malformed" | "bad-signature" | "expired";
export type LinkVerdict = { ok: true; claims: LinkClaims } | { ok: false; reason: LinkRefusal; claims?: LinkClaims };

const VERSION = "v1";
const LETTER: Record<LinkAction, string> = { acknowledge: "a", resolve: "r", approve: "p", deny: "d" };
const ACTION_OF_LETTER = new Map(Object.entries(LETTER).map(([action, letter]) => [letter, action as LinkAction]));
const B64URL = /^[A-Za-z0-9_-]+$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const MAX_TOKEN_LENGTH = 2048;

/**
 * Decodes base64url only in its one canonical spelling: Node ignores the spare low bits of the
 * last character, so without this check two tokens a character apart could carry the same bytes.
 */
function decodeCanonical(text: string): Buffer | null {
  if (!B64URL.test(text)) return null;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}

function mac(key: LinkKey, signed: string): Buffer {
  return createHmac("sha256", Buffer.from(key.secret, "base64url")).update(signed).digest();
}

export function signPageLink(claims: { action: LinkAction; target: string; expiresAt: number; nonce: string }, key: LinkKey): string {
  if (!KEY_ID.test(key.id)) throw new Error("link key id must be 1-32 base64url characters");
  if (!NONCE.test(claims.nonce)) throw new Error("link nonce must be 16-64 base64url characters");
  if (!Number.isSafeInteger(claims.expiresAt) || claims.expiresAt < 0) throw new Error("link expiry must be epoch milliseconds");
  if (claims.target === "") throw new Error("link target must not be empty");
  const payload = Buffer.from(`${LETTER[claims.action]}${claims.expiresAt.toString(36)}.${claims.nonce}.${claims.target}`, "utf8").toString("base64url");
  const signed = `${VERSION}.${key.id}.${payload}`;
  return `${signed}.${mac(key, signed).toString("base64url")}`;
}

function parsePayload(bytes: Buffer, keyId: string): LinkClaims | null {
  const text = bytes.toString("utf8");
  const first = text.indexOf(".");
  const second = first < 0 ? -1 : text.indexOf(".", first + 1);
  if (first < 2 || second < 0) return null;
  const action = ACTION_OF_LETTER.get(text[0]);
  const expiry = text.slice(1, first);
  const nonce = text.slice(first + 1, second);
  const target = text.slice(second + 1);
  if (!action || !/^[0-9a-z]{1,12}$/.test(expiry) || !NONCE.test(nonce) || target === "") return null;
  const expiresAt = parseInt(expiry, 36);
  if (!Number.isSafeInteger(expiresAt)) return null;
  return { action, target, expiresAt, nonce, keyId };
}

/**
 * Checks a token against the keys that may have signed it (the current one and those rotated
 * out but still trusted). The refusal's reason is for the audit log; a person is told no more
 * than "invalid or tampered link" for a bad signature. An expired link's claims come back with
 * the refusal (they are signed, so they say which page it was about).
 */
export function verifyPageLink(token: string, keys: readonly LinkKey[], now: number): LinkVerdict {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION || !KEY_ID.test(parts[1])) return { ok: false, reason: "malformed" };
  const [, keyId, payloadText, signatureText] = parts;
  const payload = decodeCanonical(payloadText);
  const signature = decodeCanonical(signatureText);
  if (!payload || !signature) return { ok: false, reason: "malformed" };
  // An unknown key id is a wrong key: retired or never ours.
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) return { ok: false, reason: "bad-signature" };
  const expected = mac(key, `${VERSION}.${keyId}.${payloadText}`);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { ok: false, reason: "bad-signature" };
  const claims = parsePayload(payload, keyId);
  if (!claims) return { ok: false, reason: "malformed" };
  if (now >= claims.expiresAt) return { ok: false, reason: "expired", claims };
  return { ok: true, claims };
}

export type PageLinkOptions = {
  /** Vigil's external URL (VIGIL_EXTERNAL_URL), without a trailing slash or with one. */
  externalURL: string;
  key: LinkKey;
  now: number;
  ttlMs?: number;
  /** The recovery action waiting for approval, whose approve and deny links the page carries. */
  approvalActionId?: string | null;
  /** Random bytes for the nonces (tests pass a seeded source). */
  random?: (size: number) => Uint8Array;
};

/** The `PageLinks` of one message: each action link with its own nonce, so each works once on its own. */
export function pageLinks(pageId: string, options: PageLinkOptions): PageLinks {
  const base = options.externalURL.replace(/\/+$/, "");
  const random = options.random ?? randomBytes;
  const expiresAt = options.now + (options.ttlMs ?? PAGE_LINK_TTL_MS);
  const link = (action: LinkAction, target: string) =>
    `${base}/p/${signPageLink({ action, target, expiresAt, nonce: Buffer.from(random(16)).toString("base64url") }, options.key)}`;
  const approval = options.approvalActionId ?? null;
  return {
    view: `${base}/pages/${encodeURIComponent(pageId)}`,
    acknowledge: link("acknowledge", pageId),
    resolve: link("resolve", pageId),
    approve: approval ? link("approve", approval) : null,
    deny: approval ? link("deny", approval) : null,
  };
}

/** A new random signing key (32 bytes) with a short random id. */
export function newLinkKey(random: (size: number) => Uint8Array = randomBytes): LinkKey {
  return { id: Buffer.from(random(6)).toString("base64url"), secret: Buffer.from(random(32)).toString("base64url") };
}
