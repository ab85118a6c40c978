import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/AuthCard";
import { LoginForm } from "@/components/auth/LoginForm";
import { getCurrentUser, needsSetup } from "@/lib/auth/current-user";
import { safeNextPath } from "@/components/auth/safe-next-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Whether an account exists is a run-time fact; never let the build bake in its answer.
  await connection();
  if (await needsSetup()) redirect("/setup");
  const next = safeNextPath((await searchParams).next);
  if (await getCurrentUser()) redirect(next);
  return (
    <AuthCard title="Sign in" subtitle="Fleet monitoring and auto-recovery">
      <LoginForm next={next} />
    </AuthCard>
  );
}
