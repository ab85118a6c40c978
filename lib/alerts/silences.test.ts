import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fingerprint } from "./alert";
import { HOUR, MINUTE, T0, testAlert } from "./fixtures";
import { DEFAULT_INHIBIT_RULES, inhibitedBy } from "./inhibition";
import { activeMaintenance, maintenanceActive, maintenanceMuting, maintenanceWindowSchema, type MaintenanceWindow } from "./maintenance";
import { matcherSchema, matches } from "./matchers";
import { isSilenced, matchersForAlert, silenceSchema, silenceState, type Silence } from "./silences";

const silence = (matchers: unknown[], startsAt = T0, endsAt = T0 + HOUR): Silence =>
  silenceSchema.parse({ id: "s1", matchers, startsAt, endsAt, createdBy: "alice", comment: "" });

describe("fingerprint", () => {
  test("is stable, order-independent and label-sensitive", () => {
    assert.equal(fingerprint({ a: "1", b: "2" }), fingerprint({ b: "2", a: "1" }));
    assert.notEqual(fingerprint({ a: "1", b: "2" }), fingerprint({ a: "1", b: "3" }));
    assert.match(fingerprint({}), /^[0-9a-f]{16}$/);
  });
});

describe("matchers", () => {
  test("regexes are anchored; a missing label is the empty string", () => {
    assert.equal(matches({ name: "node", value: "web", isRegex: true }, { node: "web-1" }), false);
    assert.equal(matches({ name: "node", value: "web.*", isRegex: true }, { node: "web-1" }), true);
    assert.equal(matches({ name: "node", value: "a|b", isRegex: true }, { node: "ab" }), false);
    assert.equal(matches({ name: "env", value: "prod", isEqual: false }, {}), true);
    assert.equal(matches({ name: "env", value: "prod.*", isRegex: true, isEqual: false }, { env: "production" }), false);
  });

  test("are RE2: refused with the reason; one stored before RE2 was required matches nothing, in either sense", () => {
    const refused = matcherSchema.safeParse({ name: "node", value: "(web)\\1", isRegex: true });
    assert.equal(refused.success, false);
    assert.match(refused.error?.issues[0].message ?? "", /^not an RE2 pattern: backreferences/);
    assert.match(matcherSchema.safeParse({ name: "node", value: "web(?!-1)", isRegex: true }).error?.issues[0].message ?? "", /^not an RE2 pattern: lookahead/);
    assert.equal(matches({ name: "node", value: "(web)\\1", isRegex: true }, { node: "webweb" }), false);
    assert.equal(matches({ name: "node", value: "(web)\\1", isRegex: true, isEqual: false }, { node: "db-1" }), false, "so such a silence mutes nothing");
    assert.equal(matches({ name: "node", value: "(a+)+$", isRegex: true }, { node: `${"a".repeat(40)}!` }), false, "linear time");
  });
});

describe("silences", () => {
  const alert = testAlert({ alertname: "HighCpu", node: "web-1", zone: "eu" });

  test("active only between startsAt and endsAt", () => {
    const s = silence([{ name: "node", value: "web-1" }], T0, T0 + HOUR);
    assert.equal(isSilenced(alert, [s], T0 - 1), false);
    assert.equal(silenceState(s, T0 - 1), "pending");
    assert.equal(isSilenced(alert, [s], T0), true);
    assert.equal(isSilenced(alert, [s], T0 + HOUR), false, "expired");
    assert.equal(silenceState(s, T0 + HOUR), "expired");
  });

  test("all matchers must match, with regex and not-equal", () => {
    assert.equal(isSilenced(alert, [silence([{ name: "node", value: "web-[0-9]+", isRegex: true }, { name: "zone", value: "us", isEqual: false }])], T0), true);
    assert.equal(isSilenced(alert, [silence([{ name: "node", value: "web-[0-9]+", isRegex: true }, { name: "zone", value: "eu", isEqual: false }])], T0), false);
    assert.equal(isSilenced(alert, [silence([{ name: "node", value: "web", isRegex: true }])], T0), false);
  });

  test("validation: invalid or overlong regex, silence-everything, inverted times", () => {
    const bad = (matchers: unknown[], endsAt = T0 + HOUR) =>
      silenceSchema.safeParse({ id: "s", matchers, startsAt: T0, endsAt, createdBy: "a", comment: "" }).success;
    assert.equal(bad([{ name: "node", value: "(", isRegex: true }]), false);
    assert.equal(bad([{ name: "node", value: "a".repeat(300), isRegex: true }]), false);
    assert.equal(bad([{ name: "node", value: ".*", isRegex: true }]), false, "matches everything");
    assert.equal(bad([{ name: "node", value: "x", isEqual: false }]), false, "matches alerts without node");
    assert.equal(bad([]), false);
    assert.equal(bad([{ name: "node", value: "n1" }], T0), false);
    assert.equal(bad([{ name: "node", value: "n1" }]), true);
  });

  test("matchersForAlert prefills an equality silence for exactly this alert", () => {
    const matchers = matchersForAlert(alert);
    assert.deepEqual(matchers.map((m) => m.name), ["alertname", "node", "severity", "zone"]);
    const s = silence(matchers);
    assert.equal(isSilenced(alert, [s], T0), true);
    assert.equal(isSilenced(testAlert({ alertname: "HighCpu", node: "web-2", zone: "eu" }), [s], T0), false);
  });
});

describe("maintenance", () => {
  const windows: MaintenanceWindow[] = [
    maintenanceWindowSchema.parse({ id: "m1", target: { node: "n1" }, startsAt: T0, endsAt: T0 + HOUR, comment: "" }),
    maintenanceWindowSchema.parse({ id: "m2", target: { group: "g2" }, startsAt: T0 + HOUR, endsAt: T0 + 2 * HOUR, comment: "" }),
  ];

  test("reports recovery paused for the node, or for members of a group in maintenance", () => {
    assert.equal(maintenanceActive({ node: "n1" }, windows, T0 + MINUTE), true);
    assert.equal(maintenanceActive({ node: "n1" }, windows, T0 + HOUR), false, "ended");
    assert.equal(maintenanceActive({ node: "n2" }, windows, T0 + MINUTE), false);
    assert.equal(maintenanceActive({ group: "g2" }, windows, T0 + MINUTE), false, "not started");
    assert.equal(maintenanceActive({ group: "g2" }, windows, T0 + HOUR), true);
    assert.deepEqual(activeMaintenance({ node: "n9", group: "g2" }, windows, T0 + HOUR).map((w) => w.id), ["m2"]);
  });

  test("mutes alerts by their node or group label", () => {
    assert.deepEqual(maintenanceMuting(testAlert({ alertname: "X", node: "n1" }), windows, T0), ["m1"]);
    assert.deepEqual(maintenanceMuting(testAlert({ alertname: "X", group: "g2" }), windows, T0 + HOUR), ["m2"]);
    assert.deepEqual(maintenanceMuting(testAlert({ alertname: "X", node: "n2", group: "g1" }), windows, T0), []);
  });

  test("a target names a node or a group, not both", () => {
    const parse = (target: unknown) => maintenanceWindowSchema.safeParse({ id: "m", target, startsAt: T0, endsAt: T0 + 1, comment: "" }).success;
    assert.equal(parse({ node: "n1", group: "g1" }), false);
    assert.equal(parse({}), false);
  });
});

describe("inhibition defaults", () => {
  test("NodeDown mutes its node's metric, log and load alerts, not its other alerts nor fleet-wide ones", () => {
    const down = testAlert({ alertname: "NodeDown", category: "node", node: "n1" });
    const cpu = testAlert({ alertname: "HighCpu", category: "metric", node: "n1" });
    const log = testAlert({ alertname: "Oom", category: "log", node: "n1" });
    const lag = testAlert({ alertname: "ReplicationLag", category: "replication", node: "n1" });
    const hot = testAlert({ alertname: "HotGroupShare", category: "load" });
    const other = testAlert({ alertname: "HighCpu", category: "metric", node: "n2" });
    const muted = inhibitedBy([down, cpu, log, lag, hot, other], DEFAULT_INHIBIT_RULES);
    assert.deepEqual([...muted.keys()].sort(), [cpu.fingerprint, log.fingerprint].sort());
    assert.deepEqual(muted.get(cpu.fingerprint), [down.fingerprint]);
    assert.equal(inhibitedBy([{ ...down, status: "resolved", endsAt: T0 }, cpu], DEFAULT_INHIBIT_RULES).size, 0);
  });

  test("a zone's partition mutes that zone's node alerts; the monitor's mutes every zone's", () => {
    const partition = (zone?: string) => testAlert({ alertname: "VigilPartitioned", category: "fleet", ...(zone ? { zone } : {}) });
    const down = (zone?: string) => testAlert({ alertname: "NodeDown", category: "node", node: "n1", ...(zone ? { zone } : {}) });
    const lag = testAlert({ alertname: "GroupWithoutPrimary", category: "replication", group: "g1", zone: "a" });
    assert.equal(inhibitedBy([partition("a"), down("a")], DEFAULT_INHIBIT_RULES).size, 1);
    assert.deepEqual([...inhibitedBy([partition("a"), lag], DEFAULT_INHIBIT_RULES).keys()], [lag.fingerprint], "replication alerts of the zone too");
    assert.equal(inhibitedBy([partition("a"), down("b")], DEFAULT_INHIBIT_RULES).size, 0);
    assert.equal(inhibitedBy([partition("a"), down()], DEFAULT_INHIBIT_RULES).size, 0, "a node without a zone is not the zone's");
    assert.equal(inhibitedBy([partition(), down("b")], DEFAULT_INHIBIT_RULES).size, 1, "the monitor's partition covers every zone");
    assert.equal(inhibitedBy([partition(), down()], DEFAULT_INHIBIT_RULES).size, 1, "and nodes without one");
    const zoneA = partition("a");
    assert.deepEqual([...inhibitedBy([partition(), zoneA], DEFAULT_INHIBIT_RULES).keys()], [zoneA.fingerprint], "the zones' partitions wait under the monitor's");
    const hot = testAlert({ alertname: "HotGroupShare", category: "load" });
    assert.equal(inhibitedBy([partition("a"), hot], DEFAULT_INHIBIT_RULES).size, 0, "a fleet-wide alert is not the zone's");
    const frozen = testAlert({ alertname: "RecoveryFrozen", category: "recovery", freeze: "blast-radius" });
    const killed = testAlert({ alertname: "RecoveryFrozen", category: "recovery", freeze: "kill-switch" });
    assert.deepEqual([...inhibitedBy([partition("a"), frozen, killed], DEFAULT_INHIBIT_RULES).keys()], [frozen.fingerprint], "the blast-radius freeze is said on the partition's line");
  });

  test("an alert matching source and target does not inhibit itself", () => {
    const rule = { sourceMatchers: [{ name: "alertname", value: "A" }], targetMatchers: [{ name: "alertname", value: "A" }], equal: ["zone"] };
    const a1 = testAlert({ alertname: "A", zone: "z", node: "1" });
    assert.equal(inhibitedBy([a1], [rule]).size, 0);
    assert.equal(inhibitedBy([a1, testAlert({ alertname: "A", zone: "z", node: "2" })], [rule]).size, 2);
  });
});
