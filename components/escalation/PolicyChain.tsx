"use client";

import type { PolicyView } from "@/lib/protocol/api/paging";
import { stepDelayText } from "./policy-form";

const KIND_TEXT = { receiver: "receiver", user: "", schedule: "schedule" } as const;

/** A policy as a vertical chain: "0 min → Primary schedule, e-mail ops; +10 min → …; repeat ×2". */
export function PolicyChain({ policy, nameOf }: { policy: PolicyView; nameOf: (kind: string, id: string) => string }) {
  return (
    <ol className="relative ml-2 flex flex-col gap-3 border-l border-zinc-700 pl-4" aria-label={`${policy.name}: escalation steps`}>
      {policy.steps.map((step, index) => (
        <li key={index} className="relative">
          <span className={`absolute top-1.5 -left-[21px] h-2.5 w-2.5 rounded-full ring-2 ring-zinc-900 ${index === 0 ? "bg-red-400" : "bg-amber-400"}`} aria-hidden />
          <span className="mr-2 font-mono text-xs text-zinc-400">{stepDelayText(step.delayMs, index)}</span>
          <span className="text-sm text-zinc-200">
            {step.targets.map((target, t) => (
              <span key={`${target.kind}:${target.id}`}>
                {t > 0 && ", "}
                {KIND_TEXT[target.kind] && <span className="text-zinc-500">{KIND_TEXT[target.kind]} </span>}
                {nameOf(target.kind, target.id)}
              </span>
            ))}
          </span>
          {index > 0 && <span className="block text-xs text-zinc-500">if still unacknowledged</span>}
        </li>
      ))}
      <li className="relative text-xs text-zinc-400">
        <span className="absolute top-1 -left-[21px] h-2.5 w-2.5 rounded-full bg-zinc-600 ring-2 ring-zinc-900" aria-hidden />
        {policy.repeat > 0 ? `then from step 1 again: repeat ×${policy.repeat}` : "then stop (no repeat)"}
      </li>
    </ol>
  );
}
