"use client";

import { TriangleAlert } from "lucide-react";
import { useProblems } from "./ProblemsProvider";

/**
 * While Vigil cannot trust its own view (overloaded, stalled, behind its agents, in grace), every
 * page says so above its content: a down or suspect verdict seen now may be Vigil's fault.
 */
export function VigilHealthBanner() {
  const health = useProblems()?.health;
  if (!health || health.verdictsReliable) return null;
  const critical = health.level === "critical";
  const [first] = health.conditions;
  const title = critical ? (health.conditions.some((c) => c.kind === "overloaded") ? "Vigil is overloaded" : "Vigil is behind") : "Detection in grace";
  return (
    <div
      role="alert"
      data-testid="verdicts-unreliable"
      className={`flex items-start gap-2 border-b px-6 py-2 text-sm ${
        critical ? "border-red-500/50 bg-red-950/60 text-red-100" : "border-amber-500/40 bg-amber-950/40 text-amber-100"
      }`}
    >
      <TriangleAlert className={`mt-0.5 size-4 shrink-0 ${critical ? "text-red-300" : "text-amber-300"}`} aria-hidden />
      <span>
        <span className="font-semibold">{critical ? `${title}: down/suspect verdicts may be false.` : `${title}: down verdicts are held back.`}</span> {first?.message}
      </span>
    </div>
  );
}
