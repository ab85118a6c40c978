import type { LinkRefusalKind } from "@/lib/protocol/api/pages";

const LABEL: Record<LinkRefusalKind, string> = { invalid: "Invalid link", expired: "Link expired", used: "Link already used" };

/** An invalid, expired or used link: what happened in words, and the way in for those who can log in. */
export function LinkRefused({ kind, message }: { kind: LinkRefusalKind; message: string }) {
  return (
    <div className="space-y-4">
      <p data-testid="link-result" data-state={kind} role="status" className="rounded-md border border-amber-800 bg-amber-950/40 px-3 py-2 text-sm text-amber-200">
        <span className="font-semibold">{LABEL[kind]}.</span> {message}
      </p>
      <a href="/login" className="inline-block text-sm font-medium text-sky-400 hover:text-sky-300">
        Log in to Vigil
      </a>
    </div>
  );
}
