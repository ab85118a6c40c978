import type { Metadata } from "next";
import { NodeDetailView } from "@/components/nodes/NodeDetailView";
import { isMetricRange } from "@/components/nodes/metric-ranges";

type NodePageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: NodePageProps): Promise<Metadata> {
  return { title: decodeURIComponent((await params).id) };
}

export default async function NodePage({ params, searchParams }: NodePageProps) {
  const nodeId = decodeURIComponent((await params).id);
  const requested = (await searchParams).range;
  const range = typeof requested === "string" && isMetricRange(requested) ? requested : "1h";
  // Keyed by id so moving between nodes starts from a clean slate instead of showing the last node's data.
  return <NodeDetailView key={nodeId} nodeId={nodeId} initialRange={range} />;
}
