import type { Metadata } from "next";
import { IncidentsView } from "@/components/incidents/IncidentsView";
import { isIncidentStatus } from "@/components/incidents/incident-types";

export const metadata: Metadata = { title: "Incidents" };

type IncidentsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function single(value: string | string[] | undefined): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

export default async function IncidentsPage({ searchParams }: IncidentsPageProps) {
  const params = await searchParams;
  const status = single(params.status);
  const incident = Number(single(params.incident));
  return (
    <IncidentsView
      initialStatus={status && isIncidentStatus(status) ? status : "open"}
      subject={single(params.subject)}
      initialIncidentId={Number.isInteger(incident) && incident > 0 ? incident : null}
    />
  );
}
