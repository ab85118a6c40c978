import type { Metadata } from "next";
import { NodeDetailView } from "@/components/nodes/NodeDetailView";

type NodePageProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: NodePageProps): Promise<Metadata> {
  return { title: decodeURIComponent((await params).id) };
}

export default async function NodePage({ params }: NodePageProps) {
  const nodeId = decodeURIComponent((await params).id);
  // Keyed by id so moving between nodes starts from a clean slate instead of showing the last node's data.
  return <NodeDetailView key={nodeId} nodeId={nodeId} />;
}
