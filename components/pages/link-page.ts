import type { LinkRefusalKind, LinkResult } from "@/lib/protocol/api/pages";

const BUTTON: Record<LinkResult["action"], string> = { acknowledge: "Acknowledge", resolve: "Resolve", approve: "Approve", deny: "Deny" };

export function linkButtonLabel(action: LinkResult["action"]): string {
  return BUTTON[action];
}

/** A refused POST in the words the page shows: the server's `details.reason` says which refusal it was. */
export function refusalOf(status: number, body: unknown): { kind: "refused"; refusal: LinkRefusalKind; message: string } | { kind: "failed"; message: string } {
  const error = typeof body === "object" && body !== null && "error" in body ? (body as { error: { message?: unknown; details?: { reason?: unknown } } }).error : null;
  const message = typeof error?.message === "string" ? error.message : `Vigil answered ${status}`;
  const reason = error?.details?.reason;
  if (reason === "used") return { kind: "refused", refusal: "used", message: "This link was already used. Each link works once." };
  if (reason === "expired") return { kind: "refused", refusal: "expired", message: "This link has expired." };
  if (reason === "invalid") return { kind: "refused", refusal: "invalid", message: "This link is invalid or was tampered with." };
  return { kind: "failed", message };
}
