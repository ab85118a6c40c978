import Link from "next/link";
import { incidentTarget, incidentTargetHref } from "@/components/incidents/incident-severity";
import type { Incident } from "./incident-types";

/** The group or node an incident is about, linked to its page. */
export function IncidentSubjectLink({ incident }: { incident: Incident }) {
  const target = incidentTarget(incident);
  return (
    <Link
      prefetch={false}
      href={incidentTargetHref(target)}
      onClick={(event) => event.stopPropagation()}
      className="inline-flex items-center gap-1.5 font-mono text-xs text-sky-300 hover:underline"
      data-subject-kind={target.kind}
    >
      <span className="rounded bg-zinc-800 px-1 font-sans text-[10px] text-zinc-400 uppercase">{target.kind}</span>
      {target.id}
    </Link>
  );
}
