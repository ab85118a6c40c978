/**
 * Vigil's import boundaries (issue #10), checked by `npm run lint`. ARCHITECTURE.md explains them.
 * The pure cores compute; lib/store talks to the database; jobs, sockets and routes do the I/O;
 * the browser's code never reaches the server's.
 */

/** Pure cores: data in, data out, no store, no I/O, no framework, no clock they did not receive. */
const PURE = [
  "^lib/detect/",
  "^lib/grouping/",
  "^lib/ring/",
  "^lib/recovery/",
  "^lib/replication/",
  "^lib/alerts/",
  "^lib/problems/",
  "^lib/timeseries/(rollup|resolution)\\.ts$",
  "^lib/webhooks/(formats|format-common|slack-format|retry-policy|types|outbox-port|memory-outbox|fixtures)\\.ts$",
  "^lib/webhooks/[^/]+\\.test\\.ts$",
  "^lib/webhooks/channels/(common|index|email|pagerduty|opsgenie|telegram|teams|discord|ntfy|page-fixtures|channels\\.test)\\.ts$",
  "^lib/net/address-ranges(\\.test)?\\.ts$",
];

/** Server-side I/O layers a pure core must not lean on either. */
const IMPURE_LIB = "^lib/(store|generated|control|auth|cluster|realtime|http|ingest|fleet|observability|runtime\\.ts|config\\.ts)";

/** Frameworks and drivers: none belongs in a pure core. */
const FRAMEWORKS =
  "^node_modules/(next|react|react-dom|socket\\.io|socket\\.io-client|@socket\\.io/[^/]+|prisma|@prisma/[^/]+|prisma-adapter-pg|pg|better-sqlite3|ioredis|prom-client|server-only)/";

/** Node built-ins a pure core may use: hashing is computation (stable ids, HMAC signatures), tests run on node:test. */
const PURE_NODE_BUILTINS = "^(node:)?(crypto|assert|assert/strict|test)$";

/** The database: generated client, Prisma packages and SQL drivers. */
const DATABASE = "^(lib/generated/|node_modules/(@prisma/|prisma/|prisma-adapter-pg/|pg/|better-sqlite3/))";

/** Modules that only ever run in the server process (each also starts with `import "server-only"`). */
const SERVER_ONLY = "^lib/(store|generated|control|auth|cluster|realtime|http)/";

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles: a cycle makes load order matter and the layers impossible to tell apart.",
      from: { path: "^(lib|app|components|agent)/|^server\\.ts$" },
      to: { circular: true },
    },
    {
      name: "pure-core-no-io-layer",
      severity: "error",
      comment: "A pure core imports no store, job, socket, route helper or other I/O layer (not even a type: the store's shapes live in lib/protocol).",
      from: { path: PURE },
      to: { path: IMPURE_LIB },
    },
    {
      name: "pure-core-no-framework",
      severity: "error",
      comment: "A pure core imports no framework, database client or driver.",
      from: { path: PURE },
      to: { path: FRAMEWORKS },
    },
    {
      name: "pure-core-no-node-io",
      severity: "error",
      comment: "A pure core uses no Node I/O module (fs, net, http, child_process...): only node:crypto, and node:test/assert in tests.",
      from: { path: PURE },
      to: { dependencyTypes: ["core"], pathNot: PURE_NODE_BUILTINS },
    },
    {
      name: "only-store-touches-database",
      severity: "error",
      comment: "Only lib/store imports the generated Prisma client, @prisma/*, pg or better-sqlite3. Others pass the `Db` handle (type { Db } from lib/store/prisma) to store functions.",
      from: { path: "^(lib|app|components|agent)/|^server\\.ts$", pathNot: "^lib/(store|generated)/" },
      to: { path: DATABASE },
    },
    {
      name: "ui-no-store-or-jobs",
      severity: "error",
      comment: "Components and pages never import lib/store, lib/generated or lib/control (not even types): the API's shapes live in lib/protocol.",
      from: { path: "^(components/|app/.*\\.tsx$)" },
      to: { path: "^lib/(store|generated|control)/" },
    },
    {
      name: "components-no-server-only",
      severity: "error",
      comment: "Components run in the browser: they import no server-only module (auth, cluster, realtime server, route helpers; the store and jobs are ui-no-store-or-jobs).",
      from: { path: "^components/" },
      to: { path: SERVER_ONLY, pathNot: "^lib/(store|generated|control)/" },
    },
    {
      name: "server-only-not-from-client-helpers",
      severity: "error",
      comment: "lib/protocol is imported by the browser's code: it imports no server-only module.",
      from: { path: "^lib/protocol/" },
      to: { path: SERVER_ONLY },
    },
  ],
  options: {
    doNotFollow: { path: "^(node_modules|lib/generated)/" },
    exclude: { path: "^\\.next" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
