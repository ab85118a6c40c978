import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, resolveAgentConfig } from "./config";

const file = {
  server: "http://file:3000",
  token: "file-token",
  nodeId: "file-node",
  zone: "zone-file",
  group: "shard-file",
  labels: { rack: "r1" },
  logFiles: ["/var/log/app.log"],
  probe: { tcp: "127.0.0.1:6379" },
};

describe("agent config", () => {
  it("merges file < env < flags", () => {
    const config = resolveAgentConfig({
      file,
      env: { VIGIL_AGENT_TOKEN: "env-token", VIGIL_ZONE: "zone-env", VIGIL_NODE_ID: "env-node", VIGIL_ROLE: "replica" },
      flags: { nodeId: "flag-node", server: undefined },
    });
    assert.equal(config.server, "http://file:3000");
    assert.equal(config.token, "env-token");
    assert.equal(config.zone, "zone-env");
    assert.equal(config.nodeId, "flag-node");
    assert.equal(config.role, "replica");
    assert.equal(config.group, "shard-file");
    assert.deepEqual(config.labels, { rack: "r1" });
    assert.deepEqual(config.probe, { tcp: "127.0.0.1:6379" });
  });

  it("fills defaults, the spool directory from the node id", () => {
    const config = resolveAgentConfig({ flags: { server: "http://localhost:3000", token: "t", nodeId: "n-1" } });
    assert.equal(config.hostname, os.hostname());
    assert.equal(config.heartbeatIntervalMs, 1000);
    assert.equal(config.diskPath, "/");
    assert.equal(config.spoolDir, path.join("data", "agent-spool", "n-1"));
    assert.equal(config.spoolMaxBytes, 64 * 1024 * 1024);
    assert.deepEqual(config.logFiles, []);
  });

  it("rejects unknown keys, bad values and missing required fields with the source named", () => {
    assert.throws(() => resolveAgentConfig({ file: { ...file, tokn: "typo" } }), /invalid config file/);
    assert.throws(() => resolveAgentConfig({ file, env: { VIGIL_ROLE: "leader" } }), /invalid environment.*role/);
    assert.throws(() => resolveAgentConfig({ file: { ...file, probe: { tcp: "nope" } } }), ConfigError);
    assert.throws(() => resolveAgentConfig({ flags: { server: "http://x:1" } }), /token/);
    assert.throws(() => resolveAgentConfig({ file: [] }), ConfigError);
  });

  it("takes the redis address, peers and hooks, hooks from the file only as argv arrays", () => {
    const config = resolveAgentConfig({
      file: { ...file, redis: "127.0.0.1:6380", hooks: { restart: ["systemctl", "restart", "redis"], "rotate-logs": ["logrotate", "-f", "/etc/logrotate.d/redis"] } },
      env: { VIGIL_REDIS: "127.0.0.1:6381" },
      flags: { peers: { "db-2": "10.0.0.2:6379", "db-3": "[::1]:6379" } },
    });
    assert.equal(config.redis, "127.0.0.1:6381");
    assert.deepEqual(config.peers, { "db-2": "10.0.0.2:6379", "db-3": "[::1]:6379" });
    assert.deepEqual(config.hooks.restart, ["systemctl", "restart", "redis"]);
    const bare = resolveAgentConfig({ flags: { server: "http://localhost:3000", token: "t", nodeId: "n-1" } });
    assert.deepEqual([bare.redis, bare.peers, bare.hooks], [undefined, {}, {}]);

    assert.throws(() => resolveAgentConfig({ file: { ...file, redis: "localhost" } }), /redis: must be host:port/);
    assert.throws(() => resolveAgentConfig({ file: { ...file, peers: { "bad id!": "h:1" } } }), ConfigError);
    assert.throws(() => resolveAgentConfig({ file: { ...file, peers: { ok: "no-port" } } }), ConfigError);
    assert.throws(() => resolveAgentConfig({ file: { ...file, hooks: { restart: "systemctl restart redis" } } }), /hooks/, "a string would need a shell");
    assert.throws(() => resolveAgentConfig({ file: { ...file, hooks: { restart: [] } } }), /hooks/);
    assert.throws(() => resolveAgentConfig({ file: { ...file, hooks: { restart: ["", "x"] } } }), /program/);
    assert.throws(() => resolveAgentConfig({ file: { ...file, hooks: { "../x": ["true"] } } }), /hooks/);
  });
});
