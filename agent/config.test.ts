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
});
