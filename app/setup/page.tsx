import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/AuthCard";
import { SetupForm } from "@/components/auth/SetupForm";
import { needsSetup } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "First-run setup" };

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/login");
  return (
    <AuthCard title="Welcome to Vigil" subtitle="No account exists yet. Create the first administrator.">
      <SetupForm />
    </AuthCard>
  );
}
