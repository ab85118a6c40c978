import type { Metadata } from "next";
import { PagesView } from "@/components/pages/PagesView";

export const metadata: Metadata = { title: "Pages" };

export default function PagesPage() {
  return <PagesView />;
}
