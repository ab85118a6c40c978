"use client";

import type { ReactNode } from "react";
import type { UserView } from "@/lib/protocol/views";
import { LiveSocketProvider } from "@/components/live/LiveSocketProvider";
import { StaleDataBanner } from "@/components/live/StaleDataBanner";
import { CurrentUserProvider } from "./CurrentUserProvider";
import { ProblemsProvider } from "./ProblemsProvider";
import { Sidebar } from "./Sidebar";
import { VigilHealthBanner } from "./VigilHealthBanner";

export function DashboardShell({ user, children }: { user: UserView; children: ReactNode }) {
  return (
    <CurrentUserProvider user={user}>
      <LiveSocketProvider>
        <ProblemsProvider>
          <StaleDataBanner />
          <div className="flex h-screen overflow-hidden">
            <Sidebar />
            <main className="flex min-w-0 flex-1 flex-col overflow-y-auto">
              <VigilHealthBanner />
              {children}
            </main>
          </div>
        </ProblemsProvider>
      </LiveSocketProvider>
    </CurrentUserProvider>
  );
}
