"use client";

import type { ReactNode } from "react";
import type { UserView } from "@/lib/protocol/views";
import { LiveSocketProvider } from "@/components/live/LiveSocketProvider";
import { StaleDataBanner } from "@/components/live/StaleDataBanner";
import { CurrentUserProvider } from "./CurrentUserProvider";
import { Sidebar } from "./Sidebar";

export function DashboardShell({ user, children }: { user: UserView; children: ReactNode }) {
  return (
    <CurrentUserProvider user={user}>
      <LiveSocketProvider>
        <StaleDataBanner />
        <div className="flex h-screen overflow-hidden">
          <Sidebar />
          <main className="flex min-w-0 flex-1 flex-col overflow-y-auto">{children}</main>
        </div>
      </LiveSocketProvider>
    </CurrentUserProvider>
  );
}
