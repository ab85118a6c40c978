/**
 * What `import "server-only"` resolves to outside Next's bundler (tsconfig.json `paths`, which tsx
 * follows): server.ts, the jobs, scripts and tests run the server-only modules under plain
 * Node, where the real package throws unless the `react-server` condition is set, and setting
 * that condition process-wide would swap React itself for its server build.
 * Next's compiler still sees the literal `import "server-only"` in every module of a client
 * bundle and fails `next build` when a "use client" file reaches lib/store, lib/control,
 * lib/auth, lib/cluster, lib/realtime or lib/http.
 */
export {};
