import type { Metadata } from "next";
import { OnCallPage } from "@/components/on-call/OnCallPage";

export const metadata: Metadata = { title: "On call" };

export default function OnCallRoute() {
  return <OnCallPage />;
}
