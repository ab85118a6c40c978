"use client";

import { useState } from "react";
import type { LinkPreview, LinkRefusalKind, LinkResult } from "@/lib/protocol/api/pages";
import { Button } from "@/components/ui/Button";
import { LinkRefused } from "./LinkRefused";
import { linkButtonLabel, refusalOf } from "./link-page";

type Ready = Extract<LinkPreview, { state: "ready" }>;
type Outcome = { kind: "done"; result: LinkResult } | { kind: "refused"; refusal: LinkRefusalKind; message: string } | { kind: "failed"; message: string };

/**
 * The one button of a link page. The POST carries no cookie-based authority: the token in its
 * path is the capability, and the server checks it, its expiry and its one use.
 */
export function LinkConfirm({ token, preview }: { token: string; preview: Ready }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function confirm() {
    setBusy(true);
    try {
      const response = await fetch(`/api/v1/links/${encodeURIComponent(token)}`, {
        method: "POST",
        credentials: "omit",
        referrerPolicy: "no-referrer",
        headers: { accept: "application/json", "content-type": "application/json" },
        body: "{}",
      });
      const body = (await response.json().catch(() => null)) as unknown;
      if (response.ok) setOutcome({ kind: "done", result: body as LinkResult });
      else {
        const refusal = refusalOf(response.status, body);
        setOutcome(refusal.kind === "refused" ? refusal : { kind: "failed", message: refusal.message });
      }
    } catch {
      setOutcome({ kind: "failed", message: "Vigil could not be reached. Try again." });
    } finally {
      setBusy(false);
    }
  }

  if (outcome?.kind === "refused") return <LinkRefused kind={outcome.refusal} message={outcome.message} />;
  return (
    <div className="space-y-4">
      <div>
        <p className="text-base font-medium text-zinc-100" data-testid="link-subject">
          {preview.subject}
        </p>
        <p className="mt-1 text-sm text-zinc-400">{preview.detail}</p>
        <p className="mt-2 text-sm text-zinc-300">
          Now: <span data-testid="link-current">{preview.current}</span>
        </p>
      </div>
      {outcome?.kind === "done" ? (
        <p data-testid="link-result" data-state="done" role="status" className="rounded-md border border-emerald-800 bg-emerald-950/40 px-3 py-2 text-sm text-emerald-200">
          {outcome.result.message}
        </p>
      ) : (
        <>
          {outcome?.kind === "failed" && (
            <p role="alert" data-testid="link-error" className="rounded-md border border-red-800 bg-red-950/40 px-3 py-2 text-sm text-red-200">
              {outcome.message}
            </p>
          )}
          {preview.actionable ? (
            <Button data-testid="link-confirm" variant={preview.action === "deny" ? "danger" : "primary"} className="h-12 w-full text-base" disabled={busy} onClick={() => void confirm()}>
              {busy ? "Working…" : linkButtonLabel(preview.action)}
            </Button>
          ) : (
            <p data-testid="link-result" data-state="moot" role="status" className="rounded-md border border-zinc-700 bg-zinc-800/60 px-3 py-2 text-sm text-zinc-300">
              Nothing to do: {preview.current.toLowerCase()}.
            </p>
          )}
        </>
      )}
      <a href="/login" className="inline-block text-sm text-sky-400 hover:text-sky-300">
        Log in to Vigil
      </a>
    </div>
  );
}
