import type { Metadata } from "next";
import { EscalationPage } from "@/components/escalation/EscalationPage";

export const metadata: Metadata = { title: "Escalation" };

export default function EscalationRoute() {
  return <EscalationPage />;
}
