// ESLint 9 flat config: the recommended JS and typescript-eslint rules (not type-aware, so the
// whole tree lints in seconds) plus the one boundary a plain import graph cannot see: only
// lib/store queries the database. Import boundaries live in .dependency-cruiser.cjs.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Prisma calls that run SQL: only the store may make them. */
const QUERY_CALLS = ["$queryRaw", "$queryRawUnsafe", "$executeRaw", "$executeRawUnsafe", "$transaction"];
const MODEL_OPERATIONS = [
  "findMany", "findFirst", "findFirstOrThrow", "findUnique", "findUniqueOrThrow", "create", "createMany",
  "update", "updateMany", "upsert", "delete", "deleteMany", "count", "aggregate", "groupBy",
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "lib/generated/**",
      ".next/**",
      ".next-*/**",
      "next-env.d.ts",
      "data/**",
      "coverage/**",
      "test-artifacts/**",
      "bench/results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module" },
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring away a field, a required parameter).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Plain JavaScript config files and scripts run on Node (TypeScript files get Node's and the DOM's types from tsc).
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", module: "writable", require: "readonly", __dirname: "readonly" } },
  },
  {
    files: ["lib/**/*.ts", "app/**/*.ts", "app/**/*.tsx", "components/**/*.{ts,tsx}", "server.ts", "agent/**/*.ts"],
    ignores: ["lib/store/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          // Any use, called or tagged (db.$queryRaw`...`).
          selector: `MemberExpression[property.name=/^\\$(${QUERY_CALLS.map((name) => name.slice(1)).join("|")})$/]`,
          message: "Only lib/store runs SQL: add a store function and call it.",
        },
        {
          selector: `CallExpression > MemberExpression.callee[object.type="MemberExpression"][object.object.name=/^(db|tx|prisma)$/][property.name=/^(${MODEL_OPERATIONS.join("|")})$/]`,
          message: "Only lib/store queries Prisma models: add a store function and call it.",
        },
      ],
    },
  },
);
