import type { Metadata } from "next";
import { PageDetailView } from "@/components/pages/PageDetailView";

export const metadata: Metadata = { title: "Page" };

export default async function PageDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PageDetailView id={id} />;
}
