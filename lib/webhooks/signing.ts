/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com, symmetric `v1`):
 *
 *   webhook-id:        a message id, identical on every retry so receivers can deduplicate
 *   webhook-timestamp: integer seconds since the epoch of THIS attempt (receivers reject stale
 *                      ones, typically older than 5 minutes, so each retry is signed afresh)
 *   webhook-signature: "v1,<base64 HMAC-SHA256(key, `${id}.${timestamp}.${body}`)>", one per
 *                      active secret, space separated, so a secret can be rotated without a gap
 *
 * Secrets are "whsec_" + base64 of the raw key. Pure apart from `newWebhookSecret`.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SigningSecret } from "./types";

export const SECRET_PREFIX = "whsec_";
/** The spec asks for 24 to 64 bytes of key; 32 matches the HMAC-SHA256 block-size sweet spot. */
const SECRET_BYTES = 32;
/** Receivers following the spec allow this much clock skew; our verifier does the same. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export type WebhookSignatureHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

/** The raw HMAC key of a secret; throws on a malformed one (a configuration error, not data). */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, "base64");
  if (key.length === 0 || key.toString("base64").replace(/=+$/, "") !== encoded.replace(/=+$/, "")) {
    throw new Error("webhook secret is not valid base64 after the whsec_ prefix");
  }
  return key;
}

function signature(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  return createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
}

export type SignInput = {
  id: string;
  /** When this attempt is made; seconds on the wire. */
  timestamp: Date | number;
  body: string;
  /** Every currently active secret; the newest first is conventional but not required. */
  secrets: readonly string[];
};

export function toUnixSeconds(timestamp: Date | number): number {
  const ms = typeof timestamp === "number" ? timestamp : timestamp.getTime();
  return Math.floor(ms / 1000);
}

export function signWebhook({ id, timestamp, body, secrets }: SignInput): WebhookSignatureHeaders {
  if (secrets.length === 0) throw new Error("cannot sign a webhook without a secret");
  // A space or comma would split the signature header; the spec forbids them in ids too.
  if (!/^[^\s,.]+$/.test(id)) throw new Error(`invalid webhook id: ${JSON.stringify(id)}`);
  const seconds = toUnixSeconds(timestamp);
  const signatures = secrets.map((secret) => `v1,${signature(secretKey(secret), id, seconds, body)}`);
  return { "webhook-id": id, "webhook-timestamp": String(seconds), "webhook-signature": signatures.join(" ") };
}

/**
 * The secrets to sign with at `now`: those not yet retired. When every secret has retired
 * (an operator let the rotation lapse) the newest is used rather than sending unsigned.
 */
export function activeSecrets(secrets: readonly SigningSecret[], now: number): string[] {
  const active = secrets.filter((entry) => entry.retiresAt === null || entry.retiresAt > now);
  if (active.length > 0) return [...active].sort((a, b) => b.createdAt - a.createdAt).map((entry) => entry.secret);
  const newest = [...secrets].sort((a, b) => b.createdAt - a.createdAt)[0];
  return newest ? [newest.secret] : [];
}

export type VerifyInput = {
  body: string;
  headers: Record<string, string | undefined>;
  /** Any of these may have signed it (a receiver mid-rotation accepts old and new). */
  secrets: readonly string[];
  now: Date | number;
  toleranceSeconds?: number;
};

export type VerifyResult = { ok: true; id: string; timestamp: number } | { ok: false; reason: string };

/** What a receiver does; used by our tests and as the reference for docs/webhooks.md. */
export function verifyWebhook({ body, headers, secrets, now, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }: VerifyInput): VerifyResult {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const id = lower["webhook-id"];
  const timestampText = lower["webhook-timestamp"];
  const signatureHeader = lower["webhook-signature"];
  if (!id || !timestampText || !signatureHeader) return { ok: false, reason: "missing webhook headers" };
  if (!/^\d+$/.test(timestampText)) return { ok: false, reason: "malformed timestamp" };
  const timestamp = Number(timestampText);
  if (Math.abs(toUnixSeconds(now) - timestamp) > toleranceSeconds) return { ok: false, reason: "timestamp outside tolerance" };
  const offered = signatureHeader
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => Buffer.from(entry.slice(3), "base64"));
  for (const secret of secrets) {
    const expected = Buffer.from(signature(secretKey(secret), id, timestamp, body), "base64");
    if (offered.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) {
      return { ok: true, id, timestamp };
    }
  }
  return { ok: false, reason: "no matching signature" };
}
