/** Shape of `GET /api/v1/cluster`; types only, safe for the browser. Clients rely on self, leader and instances[].{id, connectedAgents, startedAt, lastSeenAt}. */
export type ClusterView = {
  self: string;
  leader: { id: string; since: number; fence: number; expiresAt: number } | null;
  instances: {
    id: string;
    connectedAgents: number;
    startedAt: number;
    lastSeenAt: number;
    version: string;
    loopLagMs: number;
    heartbeatsPerSec: number;
    rssBytes: number;
    alive: boolean;
    leader: boolean;
  }[];
};
