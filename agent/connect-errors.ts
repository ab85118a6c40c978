/**
 * How the agent reacts to the server saying no. Only a protocol mismatch is fatal: retrying
 * cannot fix it. A bad token may be fixed on the server side while we wait, so keep trying.
 */
export type ConnectVerdict = "fatal" | "unauthorized" | "re-enrol" | "retry";
export type ErrorAckVerdict = "fatal" | "reject" | "retry";

/** Retrying the same item cannot help: it is dropped (and counted). */
const REJECT_CODES = new Set(["bad_request", "payload_too_large", "seq_out_of_range", "clock_skew"]);
/** Passes with time (a token's live-connection limit, a busy server): retried with backoff, a warning. */
const RETRY_CODES = new Set(["too_many_connections", "rate_limited", "unavailable"]);
/** Waits on an operator (or a token fix): retried with backoff, logged as an error. */
const UNAUTHORIZED_CODES = new Set(["unauthorized", "forbidden", "node_enrolled", "enrollment_refused", "pending_approval"]);

export function classifyErrorAck(code: string): ErrorAckVerdict {
  if (code === "protocol_mismatch") return "fatal";
  if (REJECT_CODES.has(code)) return "reject";
  return "retry";
}

export function classifyConnectError(error: Error): ConnectVerdict {
  const code = errorCode(error);
  const text = `${code ?? ""} ${error.message}`.toLowerCase();
  if (code === "protocol_mismatch" || /protocol[ _-]?mismatch/.test(text)) return "fatal";
  if (code && RETRY_CODES.has(code)) return "retry";
  if (code === "unknown_credential") return "re-enrol";
  if ((code && UNAUTHORIZED_CODES.has(code)) || /unauthori[sz]ed|forbidden|invalid token/.test(text)) {
    return "unauthorized";
  }
  return "retry";
}

export function describeError(error: Error): string {
  const code = errorCode(error);
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

/** Server middleware errors may carry `data: { code }` next to the message. */
function errorCode(error: Error): string | undefined {
  if (!("data" in error)) return undefined;
  const data: unknown = error.data;
  if (typeof data !== "object" || data === null || !("code" in data)) return undefined;
  return typeof data.code === "string" ? data.code : undefined;
}
