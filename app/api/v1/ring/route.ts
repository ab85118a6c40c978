import { apiRoute, readQuery } from "@/lib/http/api-route";
import { MAX_TICKED_TOKENS, ringQuerySchema, type RingDrawing } from "@/lib/protocol/api/ring";
import { buildRing } from "@/lib/ring";
import { currentRingEpoch, ringView } from "@/lib/store/ring";
import type { Db } from "@/lib/store/prisma";
import { ringArcs } from "@/components/ring/ring-geometry";

/**
 * The ring view; `?arcs=N` adds the drawing: the current epoch's ring as at most N arcs, made
 * here in one pass over its sorted tokens, so a browser never downloads (and sorts) every token
 * of a ring with thousands of groups.
 */
export const GET = apiRoute("viewer", async ({ db, url }) => {
  const { tokens, arcs } = readQuery(url, ringQuerySchema);
  const view = await ringView(db, Date.now(), tokens === "1" || tokens === "true");
  if (arcs === undefined) return view;
  const drawing = await ringDrawing(db, arcs);
  return drawing ? { ...view, drawing } : view;
});

async function ringDrawing(db: Db, maxArcs: number): Promise<RingDrawing | null> {
  const current = await currentRingEpoch(db);
  if (!current) return null;
  const ring = buildRing(current.membership);
  const { arcs, exact } = ringArcs(ring.tokens, ring.owners, ring.groupIds, maxArcs);
  return {
    epoch: current.epoch,
    exact,
    groupCount: ring.groups.length,
    tokenCount: ring.tokens.length,
    arcs,
    ticks: ring.tokens.length <= MAX_TICKED_TOKENS ? Array.from(ring.tokens) : null,
  };
}
