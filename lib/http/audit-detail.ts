import { redactText } from "../auth/redaction";

const DETAIL_LIMIT = 2_000;
const SECRET_KEY = /secret|password|token|credential|authorization|cookie|^headers$|setupcode/i;

/**
 * What an audit entry keeps of a change's request body: the fields as validated, with every value
 * that is or may hold a secret replaced (secrets, passwords, headers) and URLs cut to their host,
 * so the audit log can be shown to every viewer and never becomes a store of secrets.
 */
export function auditDetail(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  const text = JSON.stringify(scrub(body));
  if (text === "{}") return undefined;
  return text.length > DETAIL_LIMIT ? `${text.slice(0, DETAIL_LIMIT - 1)}…` : text;
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => scrub(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? "[redacted]" : scrub(inner, depth + 1)]),
  );
}
