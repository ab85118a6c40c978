import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { io, type Socket } from "socket.io-client";
import type { UiInvalidation, UiServerToClientEvents } from "../lib/protocol/ui";
import type { ClusterView } from "../lib/protocol/api/cluster";
import { API_TOKEN, api, startVigil, throwawayPostgresSchema, waitFor, type ThrowawaySchema, type VigilProcess } from "./support/vigil-server";

/**
 * Recovery and ring changes reach browsers as pushed invalidations, on every instance: two
 * instances share PostgreSQL and Redis, the browser socket sits on the one that does not lead.
 */
const REDIS_URL = process.env.VIGIL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const TIMEOUT_MS = 180_000;

type Signal = keyof Pick<UiServerToClientEvents, "recovery:changed" | "ring:changed">;

let database: ThrowawaySchema;
const instances: VigilProcess[] = [];
let leader: VigilProcess;
let follower: VigilProcess;
let browser: Socket;
/** When each signal arrived (the browser's clock: the same machine's). */
const received: Record<Signal, number[]> = { "recovery:changed": [], "ring:changed": [] };

before(async () => {
  database = throwawayPostgresSchema("vigil_ui_push");
  // One after the other: the first applies the migrations, the second finds them applied.
  for (const id of ["vigil-a", "vigil-b"]) {
    instances.push(await startVigil({ database, env: { REDIS_URL, VIGIL_INSTANCE_ID: id, VIGIL_STARTUP_GRACE_MS: "2000" } }));
  }
  const leaderId = await waitFor("a leader", async () => (await api<ClusterView>(instances[0], "/api/v1/cluster")).body.leader?.id, 30_000, 250);
  [leader, follower] = leaderId === "vigil-a" ? [instances[0], instances[1]] : [instances[1], instances[0]];
  browser = io(`${follower.url}/ui`, { transports: ["websocket"], auth: { token: API_TOKEN }, reconnection: false, forceNew: true });
  for (const signal of Object.keys(received) as Signal[]) {
    browser.on(signal, (invalidation: UiInvalidation) => {
      assert.equal(typeof invalidation.at, "number");
      received[signal].push(Date.now());
    });
  }
  await new Promise<void>((resolve, reject) => {
    browser.once("connect", () => resolve());
    browser.once("connect_error", reject);
  });
}, { timeout: TIMEOUT_MS });

after(async () => {
  browser?.disconnect();
  for (const server of instances) await server.stop();
  for (const server of instances) server.cleanup();
  database?.drop();
}, { timeout: TIMEOUT_MS });

/** Resolves once a `signal` arrives later than `since`. */
const signalAfter = (signal: Signal, since: number) => waitFor(`${signal} on the follower's browser`, async () => received[signal].some((at) => at > since), 20_000, 50);

test("a policy change made through one instance reaches a browser on the other as recovery:changed", { timeout: TIMEOUT_MS }, async () => {
  // The leader's first round is news too; it may land after the first change, never after all three.
  for (const mode of ["approval", "auto", "approval"]) {
    const policies = await api<{ default: Record<string, unknown>; groups: Record<string, unknown> }>(follower, "/api/v1/policies");
    const put = await api(follower, "/api/v1/policies", { method: "PUT", body: JSON.stringify({ ...policies.body, default: { ...policies.body.default, mode } }) });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    await signalAfter("recovery:changed", Date.now());
  }
});

test("a ring change applied through the leader reaches a browser on the follower as ring:changed", { timeout: TIMEOUT_MS }, async () => {
  assert.deepEqual(received["ring:changed"], [], "no epoch yet, no ring signal");
  const applied = await api<{ epoch: number }>(leader, "/api/v1/ring/changes", { method: "POST", body: JSON.stringify({ add: [{ id: "shard-x", weight: 1 }], reason: "ui push test" }) });
  assert.equal(applied.status, 201, JSON.stringify(applied.body));
  await signalAfter("ring:changed", 0);
  const ring = await api<{ epoch: number }>(follower, "/api/v1/ring");
  assert.equal(ring.body.epoch, applied.body.epoch, "the signalled change is readable on the follower");
});
