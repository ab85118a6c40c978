import type { NodeList, NodeListQuery, NodeView } from "../protocol/api/nodes";

/**
 * `GET /api/v1/nodes` over the live fleet: the same filters, order (by id) and cursor as the
 * stored query, without reading node rows that are only a few seconds behind memory.
 */
export function queryNodes(nodes: Iterable<NodeView>, query: NodeListQuery): NodeList {
  const needle = query.q?.toLowerCase();
  const matching: NodeView[] = [];
  for (const node of nodes) {
    if (query.state && node.state !== query.state) continue;
    if (query.zone && node.zone !== query.zone) continue;
    if (query.group && node.group !== query.group) continue;
    if (needle && !node.id.toLowerCase().includes(needle) && !node.hostname.toLowerCase().includes(needle)) continue;
    matching.push(node);
  }
  matching.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const from = query.cursor === undefined ? 0 : firstAfter(matching, query.cursor);
  const items = matching.slice(from, from + query.limit);
  const more = from + query.limit < matching.length;
  return { items, nextCursor: more ? items[items.length - 1].id : null, total: matching.length };
}

function firstAfter(sorted: NodeView[], cursor: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid].id <= cursor) low = mid + 1;
    else high = mid;
  }
  return low;
}
