import type { Metadata } from "next";
import { ReplicaGroupsView } from "@/components/replica-groups/ReplicaGroupsView";

export const metadata: Metadata = { title: "Replica groups" };

type ReplicaGroupsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ReplicaGroupsPage({ searchParams }: ReplicaGroupsPageProps) {
  const params = await searchParams;
  const group = typeof params.group === "string" && params.group ? params.group : null;
  return <ReplicaGroupsView focusGroup={group} onlyProblems={params.problems === "1"} />;
}
