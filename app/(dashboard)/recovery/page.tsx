import type { Metadata } from "next";
import { RecoveryView } from "@/components/recovery/RecoveryView";

export const metadata: Metadata = { title: "Recovery" };

type RecoveryPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function single(value: string | string[] | undefined): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export default async function RecoveryPage({ searchParams }: RecoveryPageProps) {
  const params = await searchParams;
  const group = single(params.group);
  const node = single(params.node);
  return <RecoveryView subject={group ?? node} subjectKind={group ? "group" : node ? "node" : null} />;
}
