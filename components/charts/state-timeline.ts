import type { NodeState } from "@/lib/protocol/common";
import type { NodeEventView } from "@/lib/protocol/views";

export type StateSegment = { state: NodeState; from: number; to: number; reason: string | null };

/**
 * Turns state-change events into contiguous segments covering [rangeFrom, rangeTo].
 * Before the first known event the node was in that event's `from` state; after the last
 * it is in its last event's `to` state (or `currentState` when there are no events).
 */
export function buildStateSegments(
  events: readonly NodeEventView[],
  currentState: NodeState,
  rangeFrom: number,
  rangeTo: number,
): StateSegment[] {
  const ordered = [...events].sort((a, b) => a.at - b.at || a.id - b.id);
  const segments: StateSegment[] = [];
  let cursorState: NodeState = ordered.length ? ordered[0].from : currentState;
  let cursorAt = rangeFrom;
  let cursorReason: string | null = null;
  for (const event of ordered) {
    if (event.at > rangeFrom && event.at > cursorAt) {
      segments.push({ state: cursorState, from: cursorAt, to: Math.min(event.at, rangeTo), reason: cursorReason });
      cursorAt = event.at;
    }
    cursorState = event.to;
    cursorReason = event.reason;
    if (event.at >= rangeTo) break;
  }
  if (cursorAt < rangeTo) segments.push({ state: cursorState, from: cursorAt, to: rangeTo, reason: cursorReason });
  return mergeAdjacent(segments);
}

function mergeAdjacent(segments: StateSegment[]): StateSegment[] {
  const merged: StateSegment[] = [];
  for (const segment of segments) {
    const previous = merged[merged.length - 1];
    if (previous && previous.state === segment.state && previous.to === segment.from) {
      previous.to = segment.to;
      continue;
    }
    merged.push({ ...segment });
  }
  return merged;
}

/** Share of the covered time spent in each state (0..1), for "healthy 98.2 %" summaries. */
export function timeShareByState(segments: readonly StateSegment[]): Partial<Record<NodeState, number>> {
  const total = segments.reduce((sum, segment) => sum + (segment.to - segment.from), 0);
  if (total <= 0) return {};
  const shares: Partial<Record<NodeState, number>> = {};
  for (const segment of segments) shares[segment.state] = (shares[segment.state] ?? 0) + (segment.to - segment.from) / total;
  return shares;
}
