"use client";

import { CircleCheck, CircleAlert, Cog, Info, Network, OctagonAlert, Siren, Snowflake, TriangleAlert, Wrench } from "lucide-react";
import Link from "next/link";
import type { ProblemLine, ProblemsView } from "@/lib/protocol/api/problems";
import { useProblems } from "@/components/layout/ProblemsProvider";
import { LoadingState } from "@/components/ui/LoadingState";
import { Panel } from "@/components/ui/Panel";
import { RelativeTime } from "@/components/ui/RelativeTime";

const SEVERITY_STYLE: Record<ProblemLine["severity"], { row: string; icon: string; text: string }> = {
  critical: { row: "border-red-500/40 bg-red-950/30 hover:bg-red-950/50", icon: "text-red-400", text: "text-red-200" },
  warning: { row: "border-amber-500/40 bg-amber-950/20 hover:bg-amber-950/40", icon: "text-amber-300", text: "text-amber-100" },
  info: { row: "border-sky-500/30 bg-sky-950/20 hover:bg-sky-950/40", icon: "text-sky-300", text: "text-sky-100" },
};

const KIND_ICON: Record<ProblemLine["kind"], typeof Siren> = {
  vigil: Cog,
  partition: Network,
  alert: CircleAlert,
  incident: Siren,
  freeze: Snowflake,
  block: OctagonAlert,
  recovery: Wrench,
};

/**
 * The Overview's first answer: what is wrong now, one line per root cause, each with what Vigil
 * is doing about it and a link to where it is handled; "All clear" in words when nothing is.
 */
export function ProblemsNow() {
  const problems = useProblems();
  return (
    <Panel title="Problems now" actions={problems ? <Summary problems={problems} /> : null} bodyClassName="p-3">
      {problems === null ? (
        <LoadingState className="h-16" />
      ) : (
        <div className="flex flex-col gap-2">
          {problems.allClear && (
            <p data-testid="problems-all-clear" className="flex items-center gap-2 rounded-md border border-green-500/30 bg-green-950/20 px-3 py-2.5 text-sm font-medium text-green-300">
              <CircleCheck className="size-4 shrink-0" aria-hidden />
              All clear: no open incident, partition, freeze, blocked recovery or critical alert needs you.
            </p>
          )}
          {problems.lines.length > 0 && (
            <ul className="flex flex-col gap-2" aria-label="Problems">
              {problems.lines.map((line) => (
                <ProblemRow key={line.id} line={line} />
              ))}
            </ul>
          )}
        </div>
      )}
    </Panel>
  );
}

function Summary({ problems }: { problems: ProblemsView }) {
  const { counts } = problems;
  const parts = [
    counts.incidents ? `${counts.incidents} incident${counts.incidents === 1 ? "" : "s"}` : null,
    counts.criticalAlerts ? `${counts.criticalAlerts} critical alert${counts.criticalAlerts === 1 ? "" : "s"}` : null,
    counts.held ? `${counts.held} held` : null,
    counts.recoveries ? `${counts.recoveries} recovering` : null,
  ].filter(Boolean);
  return <span className="tabular">{parts.length ? parts.join(" · ") : "nothing open"}</span>;
}

function ProblemRow({ line }: { line: ProblemLine }) {
  const style = SEVERITY_STYLE[line.severity];
  const Icon = line.severity === "info" ? Info : line.kind === "vigil" ? TriangleAlert : KIND_ICON[line.kind];
  return (
    <li
      data-testid="problem-line"
      data-kind={line.kind}
      data-severity={line.severity}
      data-count={line.count}
      className={`rounded-md border px-3 py-2 transition-colors ${style.row}`}
    >
      <div className="flex items-start gap-2.5">
        <Icon className={`mt-0.5 size-4 shrink-0 ${style.icon}`} aria-hidden />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
            <Link href={line.href} className={`text-sm font-medium ${style.text} hover:underline`}>
              {line.title}
            </Link>
            {line.since !== null && <RelativeTime ts={line.since} prefix="since" className="shrink-0 text-xs text-zinc-400" />}
          </div>
          {line.doing && (
            <p className="mt-0.5 text-xs text-zinc-300">
              <span className="text-zinc-400">Vigil: </span>
              {line.doing}
            </p>
          )}
          {line.detail && line.members.length === 0 && <p className="mt-0.5 truncate text-xs text-zinc-400">{line.detail}</p>}
          {line.members.length > 0 && (
            <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
              {line.members.map((member) => (
                <Link key={member.label} href={member.href} data-testid="problem-member" className="text-zinc-300 underline decoration-zinc-600 underline-offset-2 hover:text-zinc-50">
                  {member.label}
                </Link>
              ))}
            </p>
          )}
        </div>
      </div>
    </li>
  );
}
