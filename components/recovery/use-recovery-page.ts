"use client";

import { useMemo } from "react";
import { useApiResource } from "@/components/live/use-api-resource";
import type { ReplicaGroupsResponse } from "@/components/replica-groups/replica-types";
import { concerns, planSubjects } from "./recovery-plans";
import type { CandidateLike } from "./recovery-plans";
import type { RecoveryAction } from "./recovery-types";
import { useRecovery } from "./use-recovery";

const NO_ACTIONS: RecoveryAction[] = [];

/**
 * Everything the recovery page shows, narrowed to `subject` (a group or node id from the URL)
 * when there is one: plans, blocks and actions about it, with each action by id and each
 * group's candidate ranking for the plan cards. Operators also get the replica group ids to
 * offer in the policy override dialog.
 */
export function useRecoveryPage(subject: string | null, canOperate: boolean) {
  const recovery = useRecovery();
  const { status, actions } = recovery;
  const groups = useApiResource<ReplicaGroupsResponse>(canOperate ? "/api/v1/replica-groups" : null);

  const allActions = actions.data?.items ?? NO_ACTIONS;
  const details = useMemo(() => new Map(allActions.map((action) => [action.id, action])), [allActions]);
  const rankings = useMemo(
    () => new Map<string, readonly CandidateLike[]>((status.data?.rankings ?? []).map((ranking) => [ranking.groupId, ranking.candidates])),
    [status.data?.rankings],
  );
  const data = status.data;
  const scoped = data
    ? {
        plans: data.plans.filter((plan) => concerns(subject, planSubjects(plan))),
        blocks: data.blocks.filter((block) => concerns(subject, [block.groupId, block.nodeId])),
        actions: allActions.filter((action) => concerns(subject, [action.groupId, action.target])),
      }
    : null;
  const groupIds = (groups.data?.items ?? []).map((group) => group.id);

  return { ...recovery, allActions, details, rankings, scoped, groupIds };
}
