import type { Metadata } from "next";
import { AuditView } from "@/components/audit/AuditView";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;

function firstValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** /audit?action=receiver.&actor=alice@example.com&target=db-1 opens a prepared filter. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  return <AuditView initial={{ action: firstValue(params.action), actor: firstValue(params.actor), target: firstValue(params.target) }} />;
}
