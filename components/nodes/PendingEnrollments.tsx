"use client";

import { Check, X } from "lucide-react";
import type { EnrollmentView } from "@/lib/protocol/api/nodes";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { apiFetch } from "@/components/live/api-client";
import { useApiResource } from "@/components/live/use-api-resource";
import { Button } from "@/components/ui/Button";
import { RelativeTime } from "@/components/ui/RelativeTime";

/**
 * Nodes enrolled under a token that requires approval: they count in no guard, ranking, ring or
 * alert until an operator lets them in. Nothing is shown while none waits.
 */
export function PendingEnrollments() {
  const me = useCurrentUser();
  const canDecide = hasRole(me, "operator");
  const enrollments = useApiResource<{ items: EnrollmentView[] }>("/api/v1/enrollments", { refreshMs: 10_000, keepPreviousData: true });
  const pending = enrollments.data?.items.filter((item) => item.approval === "pending") ?? [];
  if (pending.length === 0) return null;

  const decide = async (id: string, decision: "approve" | "reject") => {
    await apiFetch(`/api/v1/enrollments/${encodeURIComponent(id)}/${decision}`, { method: "POST" });
    enrollments.reload();
  };

  return (
    <section aria-label="Nodes waiting for approval" className="mx-6 mt-4 rounded-md border border-amber-500/40 bg-amber-500/10 px-4 py-3">
      <h2 className="text-sm font-semibold text-amber-200">
        {pending.length === 1 ? "1 node waits" : `${pending.length} nodes wait`} for approval
      </h2>
      <p className="mt-0.5 text-sm text-zinc-300">
        Enrolled with a token that requires approval. Until approved they get no commands and count in no guard, ranking, ring or alert.
      </p>
      <ul className="mt-2 divide-y divide-amber-500/20">
        {pending.slice(0, 50).map((item) => (
          <li key={item.id} className="flex flex-wrap items-center gap-3 py-1.5 text-sm">
            <span className="font-mono text-zinc-100">{item.id}</span>
            <span className="text-zinc-300">{item.hostname}</span>
            <RelativeTime ts={item.enrolledAt ?? item.firstSeenAt} prefix="asked" className="text-zinc-300" />
            {canDecide && (
              <span className="ml-auto flex gap-2">
                <Button size="sm" variant="primary" onClick={() => decide(item.id, "approve")}>
                  <Check className="size-3.5" aria-hidden />
                  Approve
                </Button>
                <Button size="sm" variant="ghost" onClick={() => decide(item.id, "reject")}>
                  <X className="size-3.5" aria-hidden />
                  Reject
                </Button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {pending.length > 50 && <p className="mt-1 text-xs text-zinc-300">and {pending.length - 50} more (GET /api/v1/enrollments)</p>}
    </section>
  );
}
