/**
 * A group's identity in memory and problem keys. Declared groups and implicit groups of one
 * (id = node id) live in separate namespaces, so a node id equal to a group name never collides.
 */
export function groupKey(groupId: string, implicit: boolean): string {
  return `${implicit ? "node" : "group"}=${encodeURIComponent(groupId)}`;
}
