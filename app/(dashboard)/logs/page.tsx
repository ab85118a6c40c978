import type { Metadata } from "next";
import { LogsView } from "@/components/logs/LogsView";
import { isLogLevel } from "@/components/logs/log-levels";

export const metadata: Metadata = { title: "Logs" };

type SearchParams = Record<string, string | string[] | undefined>;

function firstValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** /logs?node=db-1&level=warn&q=timeout opens a prepared search. */
export default async function LogsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const level = firstValue(params.level);
  return (
    <LogsView
      initialDraft={{
        text: firstValue(params.q),
        nodeId: firstValue(params.node),
        level: isLogLevel(level) ? level : undefined,
        preset: "1h",
        customFrom: "",
        customTo: "",
      }}
    />
  );
}
