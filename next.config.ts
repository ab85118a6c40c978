import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native addons and the Socket.IO server must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@node-rs/argon2", "socket.io"],
  typescript: { ignoreBuildErrors: false },
  poweredByHeader: false,
  // A separate build folder lets several checkouts' builds and test runs share a machine.
  distDir: process.env.VIGIL_NEXT_DIST_DIR || ".next",
};

export default nextConfig;
