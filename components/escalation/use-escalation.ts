"use client";

import { useApiResource } from "@/components/live/use-api-resource";
import { usePageVisible } from "@/components/live/use-page-visible";
import type { ReceiverList } from "@/lib/protocol/api/alerts";
import type { OnCallView, PolicyView, ScheduleView } from "@/lib/protocol/api/paging";
import type { UserView } from "@/lib/protocol/api/users";

/** Configuration changes by hand: a 30 s poll keeps a second browser in step. */
const POLL_MS = 30_000;

export function useEscalation(isAdmin: boolean) {
  const visible = usePageVisible();
  const refreshMs = visible ? POLL_MS : undefined;
  return {
    policies: useApiResource<{ items: PolicyView[] }>("/api/v1/escalation-policies", { refreshMs, keepPreviousData: true }),
    schedules: useApiResource<{ items: ScheduleView[] }>("/api/v1/schedules", { refreshMs, keepPreviousData: true }),
    receivers: useApiResource<ReceiverList>("/api/v1/receivers", { refreshMs, keepPreviousData: true }),
    /** Display names of the people policies name (every role may read these). */
    onCall: useApiResource<OnCallView>("/api/v1/on-call", { refreshMs, keepPreviousData: true }),
    /** Every user, to choose from in the editor: the list is for admins only. */
    users: useApiResource<{ items: UserView[] }>(isAdmin ? "/api/v1/users" : null),
  };
}
