import type { Metadata } from "next";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/AuthCard";
import { LinkConfirm } from "@/components/pages/LinkConfirm";
import { LinkRefused } from "@/components/pages/LinkRefused";
import { describePageLink } from "@/lib/http/page-link";

// Public (outside the dashboard's login gate): the signed token is the capability. The token is in
// the URL, so no referrer, no index, no cache (lib/http/web-edge.ts sets the headers too).
export const metadata: Metadata = { title: "Page link", robots: { index: false, follow: false }, referrer: "no-referrer" };

/** Shows what the link does and one button; a GET never acts (mail scanners and chat unfurlers prefetch links). */
export default async function PageLinkPage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const preview = await describePageLink(token);
  if (preview.state !== "ready") {
    return (
      <AuthCard title="This link cannot be used">
        <LinkRefused kind={preview.state} message={preview.message} />
      </AuthCard>
    );
  }
  return (
    <AuthCard title={preview.heading}>
      <LinkConfirm token={token} preview={preview} />
    </AuthCard>
  );
}
