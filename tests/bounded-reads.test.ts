import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { connectRawAgent, type RawAgent } from "./support/raw-agent";
import { api, startVigil, waitFor, type VigilProcess } from "./support/vigil-server";

// Reads anyone who can see the dashboard may ask for are bounded: ring previews, log searches,
// list limits. Over a bound the answer is a 400 that names it.

type ErrorBody = { error: { code: string; message: string } };
type LogPage = { items: { message: string; ts: number }[]; nextCursor: string | null; window: { from: number; to: number } };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let server: VigilProcess;
let viewer = "";
let agent: RawAgent;

before(async () => {
  server = await startVigil({ env: { VIGIL_STARTUP_GRACE_MS: "0" } });
  const created = await api<{ token: string }>(server, "/api/v1/api-tokens", { method: "POST", body: JSON.stringify({ name: "viewer", role: "viewer" }) });
  assert.equal(created.status, 201);
  viewer = created.body.token;
  agent = await connectRawAgent(server.url, "bounded-1", { zone: "zone-a" }, 500);
  agent.beat(() => undefined);
});
after(async () => {
  agent?.stop();
  await server.stop();
  server.cleanup();
});

const groups = (count: number, weight: number) => Array.from({ length: count }, (_, i) => ({ id: `preview-${i}`, weight }));

test("a viewer's ring preview is bounded in groups and virtual nodes", async () => {
  const preview = (change: unknown) => api<ErrorBody>(server, "/api/v1/ring/preview", { method: "POST", body: JSON.stringify(change), token: viewer });

  const small = await preview({ add: groups(3, 1) });
  assert.equal(small.status, 200, JSON.stringify(small.body));

  const many = await preview({ add: groups(600, 1) });
  assert.equal(many.status, 400, JSON.stringify(many.body));
  assert.match(many.body.error.message, /ring preview too large: the change names 600 groups, at most 512/);

  const heavy = await preview({ add: groups(20, 100) });
  assert.equal(heavy.status, 400, JSON.stringify(heavy.body));
  assert.match(heavy.body.error.message, /ring preview too large: .*256000 virtual nodes .* at most 65536/);
});

test("a log search without from covers the last hour; text search spans at most 7 days", async () => {
  const now = Date.now();
  // Old timestamps are accepted from agents (they replay their spools); lines of 2 days and 10 days ago.
  const ack = (await agent.socket.timeout(10_000).emitWithAck("logs", {
    entries: [
      { seq: 1, ts: now - 10 * DAY, level: "error", message: "bounded ten days ago" },
      { seq: 2, ts: now - 2 * DAY, level: "error", message: "bounded two days ago" },
      { seq: 3, ts: now - 1000, level: "error", message: "bounded just now" },
    ],
  })) as { ok: boolean };
  assert.ok(ack.ok, JSON.stringify(ack));

  const search = (query: string) => api<LogPage & ErrorBody>(server, `/api/v1/logs?nodeId=bounded-1${query}`, { token: viewer });

  const recent = await search("");
  assert.equal(recent.status, 200, JSON.stringify(recent.body));
  assert.deepEqual(recent.body.items.map((line) => line.message), ["bounded just now"], "only the last hour");
  assert.ok(recent.body.window.to >= now && recent.body.window.to - recent.body.window.from === HOUR, JSON.stringify(recent.body.window));

  const everything = await search("&from=0");
  assert.deepEqual(everything.body.items.map((line) => line.message), ["bounded just now", "bounded two days ago", "bounded ten days ago"]);

  const week = await search(`&q=bounded&from=${now - 6 * DAY}`);
  assert.equal(week.status, 200);
  assert.deepEqual(week.body.items.map((line) => line.message), ["bounded just now", "bounded two days ago"]);

  const tooWide = await search("&q=bounded&from=0");
  assert.equal(tooWide.status, 400);
  assert.match(tooWide.body.error.message, /text search over .* days: narrow the window .* at most 7 days/);

  const textDefault = await search("&q=two%20days");
  assert.equal(textDefault.status, 200);
  assert.deepEqual(textDefault.body.items, [], "a text search without from also covers only the last hour");
});

test("a huge ?limit= is refused on every list", async () => {
  for (const path of ["/api/v1/events", "/api/v1/incidents", "/api/v1/alerts", "/api/v1/deliveries", "/api/v1/actions", "/api/v1/groups/history", "/api/v1/ring/epochs", "/api/v1/silences", "/api/v1/maintenance", "/api/v1/nodes", "/api/v1/logs"]) {
    const answer = await api<ErrorBody>(server, `${path}?limit=1000000`, { token: viewer });
    assert.equal(answer.status, 400, `${path}: ${answer.status}`);
    assert.match(answer.body.error.message, /limit/, path);
  }
  const fine = await api<{ items: unknown[] }>(server, "/api/v1/silences?limit=10", { token: viewer });
  assert.equal(fine.status, 200);
  await waitFor("the node listed", async () => (await api<{ items: unknown[] }>(server, "/api/v1/nodes?limit=1", { token: viewer })).body.items.length === 1);
});
