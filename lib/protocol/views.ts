/**
 * The view types the live UI protocol (lib/protocol/ui.ts) shares with the REST API. They are
 * declared, as zod schemas, with their routes in lib/protocol/api/<area>.ts.
 */
export { METRIC_NAMES } from "./api/nodes";
export type { MetricName, MetricValues, ReplicationView, NodeView, ServiceHealth, ServiceStatus, MetricResolution, MetricPoint, MetricSeries, NodeEventView } from "./api/nodes";
export type { LogView } from "./api/logs";
export type { FleetStats, FleetLoadPoint, ZoneCounts, FleetOverview } from "./api/overview";
export type { UserView } from "./api/users";
export type { TokenView } from "./api/tokens";

export type Page<T> = { items: T[]; nextCursor: string | null };
