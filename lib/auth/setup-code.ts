import { createHash } from "node:crypto";

/**
 * First-run setup codes: 12 characters of Crockford's base32 (60 bits) as XXXX-XXXX-XXXX, easy to
 * copy from a log by eye. Entry forgives case, spaces, dashes and the letters read as digits.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const SETUP_CODE_LENGTH = 12;

/** `bytes` from a CSPRNG, at least 12 of them; 256 is a multiple of 32, so no value is likelier. */
export function formatSetupCode(bytes: Uint8Array): string {
  if (bytes.length < SETUP_CODE_LENGTH) throw new Error(`a setup code needs ${SETUP_CODE_LENGTH} random bytes`);
  const chars = Array.from(bytes.subarray(0, SETUP_CODE_LENGTH), (byte) => ALPHABET[byte % 32]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

export function normalizeSetupCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

/** Only the hash is stored (JobState), so the database alone does not give the code away. */
export function hashSetupCode(input: string): string {
  return createHash("sha256").update(normalizeSetupCode(input)).digest("hex");
}

/** The log line operators are told to look for (docs/operations.md). */
export function setupCodeLogLine(code: string): string {
  return `[vigil] first run: open /setup and enter the setup code ${code}`;
}
