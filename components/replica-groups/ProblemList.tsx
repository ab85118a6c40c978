import Link from "next/link";
import { SeverityBadge } from "@/components/incidents/SeverityBadge";
import { compareBySeverityThenAge, humanizeKind } from "@/components/incidents/incident-severity";
import type { ReplicaGroup } from "./replica-types";

/** What is wrong with the group now, worst first, each with the incident tracking it when there is one. */
export function ProblemList({ group }: { group: ReplicaGroup }) {
  const incidentByKey = new Map(group.incidents.map((incident) => [incident.key, incident]));
  const problems = [...group.problems].sort((a, b) => compareBySeverityThenAge({ ...a, openedAt: 0, id: 0 }, { ...b, openedAt: 0, id: 0 }));
  // Incidents whose problem has just cleared are still open until the control loop resolves them.
  const lingering = group.incidents.filter((incident) => !problems.some((problem) => `replication:${problem.key}` === incident.key));
  if (problems.length === 0 && lingering.length === 0) return null;
  return (
    <ul className="space-y-1.5 px-4 py-2.5" aria-label={`Problems of ${group.id}`}>
      {problems.map((problem) => {
        const incident = incidentByKey.get(`replication:${problem.key}`);
        return (
          <li key={problem.key} className="flex flex-wrap items-center gap-2 text-sm" data-problem={problem.kind} data-severity={problem.severity}>
            <SeverityBadge severity={problem.severity} />
            <span className="text-xs font-medium text-zinc-300">{humanizeKind(problem.kind)}</span>
            <span className="text-zinc-200">{problem.message}</span>
            {incident && (
              <Link prefetch={false} href={`/incidents?status=${incident.status}&incident=${incident.id}`} className="text-xs text-sky-300 hover:underline">
                incident #{incident.id}
                {incident.status === "acknowledged" && ` · acknowledged by ${incident.acknowledgedBy ?? "someone"}`}
              </Link>
            )}
          </li>
        );
      })}
      {lingering.map((incident) => (
        <li key={incident.id} className="flex flex-wrap items-center gap-2 text-sm text-zinc-400">
          <SeverityBadge severity={incident.severity} />
          <span>{incident.message}</span>
          <Link prefetch={false} href={`/incidents?status=${incident.status}&incident=${incident.id}`} className="text-xs text-sky-300 hover:underline">
            incident #{incident.id} (clearing)
          </Link>
        </li>
      ))}
    </ul>
  );
}
