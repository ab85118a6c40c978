import { groupColor } from "@/components/groups/group-colors";

/**
 * Ring (replica) groups are named, not numbered, so their colour comes from the name: the
 * number at its end when there is one ("shard-07" → 7), so consecutive shards get the palette's
 * neighbouring, most different hues; otherwise a hash of the whole name. Same name, same colour,
 * on the ring, in every table and in the epoch history.
 */
export function ringGroupColorIndex(groupId: string): number {
  const trailing = /(\d+)$/.exec(groupId);
  if (trailing) return Number.parseInt(trailing[1].slice(-9), 10);
  // FNV-1a over UTF-16 code units: cheap and well spread for short names.
  let hash = 0x811c9dc5;
  for (let i = 0; i < groupId.length; i++) {
    hash ^= groupId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function ringGroupColor(groupId: string): string {
  return groupColor(ringGroupColorIndex(groupId));
}
