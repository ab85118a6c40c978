import { DEFAULT_VNODES_PER_WEIGHT, vnodeCount, type RingChange } from "./membership";

/**
 * Bounds on what anyone who can see the ring (a viewer) can ask a preview to compute. A preview
 * builds the ring before and after and lists every moved range; its cost beyond the current ring
 * is the tokens the change brings (groups × virtual nodes), and so is the size of its answer
 * (about one moved range per token added). Measured: 65,536 added tokens on a 1,300-group ring
 * take ~0.7 s and answer ~8 MB; the ring's own bound (MAX_RING_TOKENS) would allow 4 M.
 */
export const MAX_PREVIEW_GROUPS = 512;
/** Virtual nodes (tokens) the groups a preview adds or reweights may hold, together. */
export const MAX_PREVIEW_VNODES = 65_536;

/** Groups named by a change, and the virtual nodes of those it adds or reweights at their new weight. */
export function previewCost(change: RingChange, vnodesPerWeight = DEFAULT_VNODES_PER_WEIGHT): { groups: number; vnodes: number } {
  const weighted = [...(change.add ?? []), ...(change.reweight ?? [])];
  const groups = weighted.length + (change.remove?.length ?? 0);
  // A reweight is counted at its full new weight (not the difference): an upper bound that needs no ring.
  const vnodes = weighted.reduce((sum, group) => sum + vnodeCount(group.weight, vnodesPerWeight), 0);
  return { groups, vnodes };
}

/** Why a preview of this change is refused as too large, or null. */
export function previewBoundProblem(change: RingChange, vnodesPerWeight = DEFAULT_VNODES_PER_WEIGHT): string | null {
  const cost = previewCost(change, vnodesPerWeight);
  if (cost.groups > MAX_PREVIEW_GROUPS) return `ring preview too large: the change names ${cost.groups} groups, at most ${MAX_PREVIEW_GROUPS}`;
  if (cost.vnodes > MAX_PREVIEW_VNODES) {
    return `ring preview too large: the groups added or reweighted would hold ${cost.vnodes} virtual nodes (weight × ${vnodesPerWeight} each), at most ${MAX_PREVIEW_VNODES}; preview fewer or lighter groups at a time`;
  }
  return null;
}
