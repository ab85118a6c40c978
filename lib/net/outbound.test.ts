import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createTestReceiver, freePort } from "../webhooks/test-receiver";
import { parseCidr } from "./address-ranges";
import { BLOCKED_ERROR, NO_RESPONSE_ERROR, outboundRequest, pinnedLookup, type Resolver } from "./outbound";

const receiver = createTestReceiver(await freePort());
await receiver.listen();
after(() => receiver.close());

const loopback = [parseCidr("127.0.0.0/8")];
const base = { method: "POST" as const, headers: { "content-type": "application/json" }, body: "{}", timeoutMs: 2_000, responseLimit: 1_000 };

/** A resolver that answers from a table and counts its calls; the system's DNS knows none of these names. */
function tableResolver(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    return (table[hostname] ?? []).map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolve, { calls });
}

test("resolves once and connects to the address it checked, with the hostname as Host", async () => {
  const resolve = tableResolver({ "receiver.invalid": ["127.0.0.1"] });
  const before = receiver.requests.length;
  const result = await outboundRequest({ ...base, url: `http://receiver.invalid:${receiver.port}/hook?x=1` }, { allow: loopback, resolve, log: () => undefined });
  assert.equal(result.status, 200);
  // ".invalid" never resolves through the system: the connection can only have used the checked address.
  assert.deepEqual(resolve.calls, ["receiver.invalid"]);
  assert.equal(receiver.requests.length, before + 1);
  assert.equal(receiver.requests.at(-1)?.headers.host, `receiver.invalid:${receiver.port}`);
});

test("one internal address among several refuses the lot, before any packet", async () => {
  const resolve = tableResolver({ "mixed.invalid": ["127.0.0.1", "10.1.2.3"] });
  const before = receiver.requests.length;
  const logged: string[] = [];
  const result = await outboundRequest({ ...base, url: `http://mixed.invalid:${receiver.port}/hook` }, { allow: loopback, resolve, log: (line) => logged.push(line) });
  assert.equal(result.status, null);
  assert.equal(result.ok ? null : result.error, BLOCKED_ERROR);
  assert.equal(receiver.requests.length, before);
  assert.match(logged.join("\n"), /10\.1\.2\.3 \(private\)/);
});

test("literal addresses are checked without resolving, IPv4-mapped IPv6 included", async () => {
  const resolve = tableResolver({});
  const before = receiver.requests.length;
  for (const url of [
    `http://127.0.0.1:${receiver.port}/hook`,
    `http://[::ffff:127.0.0.1]:${receiver.port}/hook`,
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/",
    "http://10.0.0.1/",
    "http://0.0.0.0/",
    // The URL parser turns these spellings into 127.0.0.1 before the check sees them.
    `http://0x7f.1:${receiver.port}/hook`,
    `http://2130706433:${receiver.port}/hook`,
  ]) {
    const result = await outboundRequest({ ...base, url }, { allow: [], resolve, log: () => undefined });
    assert.equal(result.ok ? null : result.error, BLOCKED_ERROR, url);
  }
  assert.deepEqual(resolve.calls, []);
  assert.equal(receiver.requests.length, before);
});

test("refused, unresolvable and timed out look the same to the caller; the cause goes to the log", async () => {
  const logged: string[] = [];
  const log = (line: string) => logged.push(line);
  receiver.respond(() => ({ status: 200, delayMs: 1_000 }));
  const results = [
    await outboundRequest({ ...base, url: `http://127.0.0.1:${await freePort()}/x` }, { allow: loopback, log }),
    await outboundRequest({ ...base, url: "http://nowhere.invalid/x" }, { allow: loopback, resolve: tableResolver({}), log }),
    await outboundRequest({ ...base, url: receiver.url, timeoutMs: 100 }, { allow: loopback, log }),
  ];
  receiver.respond(() => ({ status: 200, body: "ok" }));
  for (const result of results) {
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual({ status: result.status, error: result.error, blocked: result.blocked }, { status: null, error: NO_RESPONSE_ERROR, blocked: false });
  }
  assert.match(logged[0], /ECONNREFUSED/);
  assert.match(logged[2], /timeout/);
});

test("the pinned lookup answers only checked addresses, in either callback form", async () => {
  const lookup = pinnedLookup([{ address: "127.0.0.1", family: 4 }, { address: "::1", family: 6 }]);
  const single = await new Promise((resolve) => lookup("ignored.example", { family: 6 }, (error, address, family) => resolve({ error, address, family })));
  assert.deepEqual(single, { error: null, address: "::1", family: 6 });
  const all = await new Promise((resolve) => lookup("ignored.example", { all: true }, (error, addresses) => resolve({ error, addresses })));
  assert.deepEqual(all, { error: null, addresses: [{ address: "127.0.0.1", family: 4 }, { address: "::1", family: 6 }] });
});
