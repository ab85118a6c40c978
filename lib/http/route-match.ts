import type { ApiRoute, HttpMethod } from "../protocol/api/routes";

type CompiledRoute = { route: ApiRoute; pattern: RegExp; params: number };

/**
 * Finds the declared route (lib/protocol/api/routes.ts) that a request path belongs to, so a
 * handler's scopes and audit kind come from the one route table. Literal segments win over
 * parameters (`/audit/kinds` before `/audit/{id}`).
 */
export function routeMatcher(routes: readonly ApiRoute[]): (method: string, pathname: string) => ApiRoute | null {
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const route of routes) {
    const source = route.path.split("/").map((segment) => (segment.startsWith("{") ? "[^/]+" : escapeRegExp(segment))).join("/");
    const compiled = { route, pattern: new RegExp(`^${source}/?$`), params: (route.path.match(/\{/g) ?? []).length };
    byMethod.set(route.method, [...(byMethod.get(route.method) ?? []), compiled]);
  }
  for (const list of byMethod.values()) list.sort((a, b) => a.params - b.params);
  return (method, pathname) => byMethod.get(method as HttpMethod)?.find((compiled) => compiled.pattern.test(pathname))?.route ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
