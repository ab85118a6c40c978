import { AppError, type ErrorCode } from "../errors";

/** Why a ring operation was refused. */
export type RingErrorReason =
  | "invalid_membership"
  | "invalid_change"
  | "empty_change"
  | "duplicate_group"
  | "unknown_group"
  | "group_exists"
  | "empty_ring"
  | "too_many_tokens"
  | "invalid_epoch"
  | "stale_epoch";

const STATUS_OF: Record<RingErrorReason, ErrorCode> = {
  invalid_membership: "bad_request",
  invalid_change: "bad_request",
  empty_change: "bad_request",
  duplicate_group: "bad_request",
  unknown_group: "bad_request",
  group_exists: "conflict",
  empty_ring: "bad_request",
  too_many_tokens: "bad_request",
  invalid_epoch: "bad_request",
  stale_epoch: "conflict",
};

/**
 * The one error every `lib/ring` function throws. It is an {@link AppError} (so an API route
 * turns it into `{ error: { code, message } }` with a fitting status), plus a ring-specific
 * `reason` for callers that branch on it.
 */
export class RingError extends AppError {
  readonly reason: RingErrorReason;
  constructor(reason: RingErrorReason, message: string) {
    super(STATUS_OF[reason], message);
    this.name = "RingError";
    this.reason = reason;
  }
}
