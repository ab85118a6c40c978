import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Vigil", template: "%s · Vigil" },
  description: "Fleet monitoring and auto-recovery",
};

export const viewport: Viewport = {
  themeColor: "#09090b",
  colorScheme: "dark",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: a prerendered page would carry no nonce for its scripts (lib/http/security-headers.ts).
  await connection();
  return (
    <html lang="en" className="dark">
      <body className="min-h-full font-sans">{children}</body>
    </html>
  );
}
