import type { Metadata } from "next";
import { RingView } from "@/components/ring/RingView";

export const metadata: Metadata = { title: "Ring" };

export default function RingPage() {
  return <RingView />;
}
