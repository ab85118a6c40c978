import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ConfigError, resolveAgentConfig, resolveRedisConnection } from "./config";

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

  it("reads the Redis password from its file (one trailing newline dropped) before the environment, and TLS files", () => {
    const files: Record<string, string> = { "/etc/vigil/redis-pass": "s3cret with spaces \n", "/etc/vigil/ca.pem": "CA PEM", "/etc/vigil/c.pem": "CERT", "/etc/vigil/k.pem": "KEY" };
    const readFile = (name: string) => {
      const content = files[name];
      if (content === undefined) throw new Error(`ENOENT: no such file or directory, open '${name}'`);
      return content;
    };
    const config = resolveAgentConfig({
      file: { ...file, redis: "127.0.0.1:6379", redisTlsCa: "/etc/vigil/ca.pem" },
      env: { VIGIL_REDIS_USER: "vigil-agent", VIGIL_REDIS_ANNOUNCE: "[fd00::1]:6379" },
      flags: { redisPasswordFile: "/etc/vigil/redis-pass", redisTlsCert: "/etc/vigil/c.pem", redisTlsKey: "/etc/vigil/k.pem" },
    });
    assert.equal(config.redisAnnounce, "[fd00::1]:6379");
    assert.ok(!JSON.stringify(config).includes("s3cret"), "the password is never part of the configuration");
    assert.deepEqual(resolveRedisConnection(config, { VIGIL_REDIS_PASSWORD: "from-env" }, readFile), {
      username: "vigil-agent",
      password: "s3cret with spaces ",
      tls: { ca: "CA PEM", cert: "CERT", key: "KEY" },
    });
    const bare = resolveAgentConfig({ file });
    assert.deepEqual(resolveRedisConnection(bare, { VIGIL_REDIS_PASSWORD: "from-env" }, readFile), { password: "from-env" });
    assert.deepEqual(resolveRedisConnection(bare, {}, readFile), {});
    assert.deepEqual(resolveRedisConnection({ ...bare, redisTls: true }, {}, readFile), { tls: {} });

    assert.throws(() => resolveRedisConnection({ ...bare, redisUser: "u" }, {}, readFile), /user u has no password/);
    assert.throws(() => resolveRedisConnection({ ...bare, redisPasswordFile: "/missing" }, {}, readFile), /cannot read the Redis password file \/missing: ENOENT/);
    assert.throws(() => resolveRedisConnection({ ...bare, redisTlsCert: "/etc/vigil/c.pem" }, {}, readFile), /--redis-tls-cert and --redis-tls-key go together/);
    assert.throws(() => resolveAgentConfig({ file: { ...file, redisAnnounce: "fd00::1:6379" } }), /redisAnnounce/);
    assert.throws(() => resolveAgentConfig({ file: { ...file, redisPassword: "inline" } }), /invalid config file/, "no password in the config file");
  });

  it("refuses --redis-password on the command line without echoing it", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "agent/cli.ts", "--server", "http://127.0.0.1:1", "--token", "t", "--node-id", "n", "--redis-password", "argv-s3cret"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /--redis-password is not accepted.*--redis-password-file.*VIGIL_REDIS_PASSWORD/);
    assert.ok(!(result.stdout + result.stderr).includes("argv-s3cret"));
  });
});
