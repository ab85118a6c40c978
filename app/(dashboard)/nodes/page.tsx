import type { Metadata } from "next";
import { NodesView } from "@/components/nodes/NodesView";
import { isNodeState } from "@/components/nodes/state-colors";

export const metadata: Metadata = { title: "Nodes" };

type SearchParams = Record<string, string | string[] | undefined>;

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Links such as /nodes?state=down,suspect&zone=eu-1 open the table pre-filtered. */
export default async function NodesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const states = (firstValue(params.state) ?? "").split(",").filter(isNodeState);
  return <NodesView initialStates={states} initialZone={firstValue(params.zone) || null} initialQuery={firstValue(params.q) ?? ""} />;
}
