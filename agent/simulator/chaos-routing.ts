import { RECOVERY_ACTIONS, type ChaosRequest } from "./chaos-request";
import { zoneName, type SimulatedNodeSpec } from "./fleet-layout";
import type { FleetSlice } from "./fleet-slice";
import { ChaosTargetError } from "./simulator";

/** The part of a chaos request one process carries out, on the nodes of its own slice. */
export type ChaosLeg = { slice: number; request: ChaosRequest };

/**
 * Splits a chaos request over the processes of a fleet, refusing what one simulator would
 * refuse (an unknown node or zone, a destructive action with no target) with the same words,
 * so the control port answers alike whatever the process count. Each leg names only nodes and
 * zones its process holds.
 */
export function routeChaos(request: ChaosRequest, layout: readonly SimulatedNodeSpec[], slices: readonly FleetSlice[], zones: number): ChaosLeg[] {
  if (request.nodes === undefined && request.zone === undefined) {
    if (!RECOVERY_ACTIONS.has(request.action)) throw new ChaosTargetError(`"${request.action}" needs "nodes" or "zone"`);
    return slices.map((slice) => ({ slice: slice.index, request }));
  }
  const sliceOf = (fleetIndex: number) => slices.find((slice) => fleetIndex >= slice.start && fleetIndex < slice.end);
  const indexById = new Map(layout.map((spec, index) => [spec.id, index]));
  const named = new Map<number, string[]>();
  for (const id of request.nodes ?? []) {
    const index = indexById.get(id);
    const slice = index === undefined ? undefined : sliceOf(index);
    if (!slice) throw new ChaosTargetError(`unknown node "${id}"`);
    named.set(slice.index, [...(named.get(slice.index) ?? []), id]);
  }
  const zoned = new Set<number>();
  if (request.zone !== undefined) {
    const zone = request.zone;
    for (const slice of slices) {
      if (layout.slice(slice.start, slice.end).some((spec) => spec.zone === zone)) zoned.add(slice.index);
    }
    if (zoned.size === 0) {
      const known = Array.from({ length: zones }, (_, index) => zoneName(index)).join(", ");
      throw new ChaosTargetError(`unknown zone "${zone}" (zones: ${known})`);
    }
  }
  const legs: ChaosLeg[] = [];
  for (const slice of slices) {
    const nodes = named.get(slice.index);
    const zone = zoned.has(slice.index) ? request.zone : undefined;
    if (!nodes && zone === undefined) continue;
    const leg: ChaosRequest = { ...request };
    delete leg.nodes;
    delete leg.zone;
    if (nodes) leg.nodes = nodes;
    if (zone !== undefined) leg.zone = zone;
    legs.push({ slice: slice.index, request: leg });
  }
  return legs;
}
