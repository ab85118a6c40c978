import type { Metadata } from "next";
import { GroupsView } from "@/components/groups/GroupsView";

export const metadata: Metadata = { title: "Load groups" };

export default function GroupsPage() {
  return <GroupsView />;
}
