import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/AuthCard";
import { SetupForm } from "@/components/auth/SetupForm";
import { needsSetup } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "First-run setup" };

export default async function SetupPage() {
  // Whether an account exists is a run-time fact; never let the build bake in its answer.
  await connection();
  if (!(await needsSetup())) redirect("/login");
  return (
    <AuthCard title="Welcome to Vigil" subtitle="No account exists yet. Create the first administrator with the one-time setup code from Vigil's log.">
      <SetupForm />
    </AuthCard>
  );
}
