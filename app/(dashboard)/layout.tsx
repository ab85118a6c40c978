import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { DashboardShell } from "@/components/layout/DashboardShell";
import { getCurrentUser, needsSetup } from "@/lib/auth/current-user";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) {
    redirect((await needsSetup()) ? "/setup" : "/login");
  }
  return <DashboardShell user={user}>{children}</DashboardShell>;
}
