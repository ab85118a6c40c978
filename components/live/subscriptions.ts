import type { UiSubscription } from "@/lib/protocol/ui";

/**
 * The server keeps one subscription per socket, but a page is built from several
 * components that each want something (fleet deltas, one node, a log filter).
 * Their union is sent: fleet if anyone wants it, and the most recent node and log claims.
 */
export function mergeSubscriptions(claims: readonly UiSubscription[]): UiSubscription {
  let fleet = false;
  let node: string | null = null;
  let logs: UiSubscription["logs"] = null;
  for (const claim of claims) {
    if (claim.fleet) fleet = true;
    if (claim.node) node = claim.node;
    if (claim.logs) logs = claim.logs;
  }
  return { fleet, node, logs };
}
