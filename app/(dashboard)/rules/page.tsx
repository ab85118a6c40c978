import type { Metadata } from "next";
import { RulesView } from "@/components/alerts/RulesView";

export const metadata: Metadata = { title: "Alert rules" };

export default function RulesPage() {
  return <RulesView />;
}
