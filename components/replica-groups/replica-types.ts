import type { ReplicaGroupView } from "@/lib/store/replication";

export type ReplicaGroupsResponse = { items: ReplicaGroupView[] };
export type ReplicaGroup = ReplicaGroupView;
export type ReplicaMember = ReplicaGroupView["members"][number];
export type ReplicaProblem = ReplicaGroupView["problems"][number];
