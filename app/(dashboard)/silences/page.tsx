import type { Metadata } from "next";
import { SilencesView } from "@/components/alerts/SilencesView";

export const metadata: Metadata = { title: "Silences" };

export default function SilencesPage() {
  return <SilencesView />;
}
