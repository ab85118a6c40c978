import "server-only";
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

export type SecretKind = "session" | "agent" | "api" | "node";

const PREFIX: Record<SecretKind, string> = { session: "vss_", agent: "vat_", api: "vap_", node: "vnc_" };

/** A random bearer secret; the prefix tells an operator what kind of secret leaked. */
export function newSecret(kind: SecretKind): string {
  return PREFIX[kind] + randomBytes(24).toString("base64url");
}

/** Secrets are high-entropy, so a fast hash is enough; only the hash is stored. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, 10);
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(hashSecret(a));
  const right = Buffer.from(hashSecret(b));
  return timingSafeEqual(left, right);
}

export function newId(): string {
  return randomUUID();
}
