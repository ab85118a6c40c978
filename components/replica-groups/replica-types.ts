import type { ReplicaGroupList, ReplicaGroupSummary, ReplicaGroupView } from "@/lib/protocol/api/replica-groups";

export type { ReplicaGroupSummary };

export type ReplicaGroupsResponse = ReplicaGroupList;
export type ReplicaGroup = ReplicaGroupView;
export type ReplicaMember = ReplicaGroupView["members"][number];
export type ReplicaProblem = ReplicaGroupView["problems"][number];
