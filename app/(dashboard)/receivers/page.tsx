import type { Metadata } from "next";
import { ReceiversView } from "@/components/alerts/ReceiversView";

export const metadata: Metadata = { title: "Receivers" };

type ReceiversPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /receivers?receiver=<id> opens that receiver's delivery log. */
export default async function ReceiversPage({ searchParams }: ReceiversPageProps) {
  const { receiver } = await searchParams;
  return <ReceiversView initialReceiverId={typeof receiver === "string" && receiver !== "" ? receiver : null} />;
}
