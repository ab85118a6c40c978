export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  /** A mutating request whose body is not declared as `application/json`. */
  unsupported_media_type: 415,
  rate_limited: 429,
  protocol_mismatch: 400,
  /** A node id that has its own credential, claimed with another credential or an enrollment token. */
  node_enrolled: 409,
  /** A node credential Vigil does not hold (reset, or a new database): enrol again. */
  unknown_credential: 401,
  /** An enrollment token that may not enrol this node (glob, node limit, expiry). */
  enrollment_refused: 403,
  pending_approval: 403,
  /** A heartbeat or log seq far above the node's stored high-water mark. */
  seq_out_of_range: 400,
  /** A timestamp further in the future than the allowed clock skew. */
  clock_skew: 400,
  /** An enrollment token already holds its `maxConnections` live connections on this instance: retry later. */
  too_many_connections: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The one application error: a stable machine-readable code plus a message for humans, and for
 * refusals that pass (rate limits, a full ingest backlog) how long to wait before retrying.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterMs: number | undefined;
  /** Machine-readable specifics of a refusal (e.g. the guards a manual action violates), answered as `error.details`. */
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, options: { retryAfterMs?: number; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export type ErrorBody = { code: ErrorCode; message: string; retryAfterMs?: number; details?: Record<string, unknown> };

export function toErrorBody(error: unknown): ErrorBody {
  if (!(error instanceof AppError)) return { code: "internal", message: "internal error" };
  return {
    code: error.code,
    message: error.message,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}
