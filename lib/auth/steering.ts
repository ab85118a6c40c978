import type { Hello } from "../protocol/agent";
import type { PinnedSteering, Steering } from "../protocol/api/nodes";
import { PRIORITY_LABEL } from "../recovery/failover-candidates";

/**
 * What steers recovery and placement about a node (issue #12): its zone (blast radius), replica
 * group and role hint (who fails over to whom), ring weight and promotion priority. An agent
 * reports them in its hello; Vigil records them at enrollment and afterwards treats a change
 * as an event to audit (and, under a token with manual approval, to hold for an operator),
 * never as a fact. Values an operator pinned always win.
 */
export const STEERING_KEYS = ["zone", "group", "role", "weight", "priority"] as const;
export type SteeringKey = (typeof STEERING_KEYS)[number];
export type { PinnedSteering, ProposedSteering, Steering } from "../protocol/api/nodes";

export type SteeringChange = { key: SteeringKey; from: Steering[SteeringKey]; to: Steering[SteeringKey] };

export type SteeringDecision = {
  /** What Vigil acts on from now on. */
  effective: Steering;
  /** Applied changes against what was recorded (audited). */
  changes: SteeringChange[];
  /** Changes waiting for an operator (a token with manual approval); null when none. */
  held: PinnedSteering | null;
};

export type SteeringInput = {
  /** What Vigil recorded (pins included); null before the node's first hello. */
  recorded: Steering | null;
  pinned: PinnedSteering;
  reported: Steering;
  /** The node's enrollment token requires an operator's approval: changes wait for one. */
  holdChanges: boolean;
};

export function decideSteering({ recorded, pinned, reported, holdChanges }: SteeringInput): SteeringDecision {
  if (recorded === null) return { effective: { ...reported, ...pinned }, changes: [], held: null };
  const base: Steering = { ...recorded };
  const held: PinnedSteering = {};
  const changes: SteeringChange[] = [];
  for (const key of STEERING_KEYS) {
    if (key in pinned || reported[key] === recorded[key]) continue;
    if (holdChanges) {
      Object.assign(held, { [key]: reported[key] });
      continue;
    }
    Object.assign(base, { [key]: reported[key] });
    changes.push({ key, from: recorded[key], to: reported[key] });
  }
  return { effective: { ...base, ...pinned }, changes, held: Object.keys(held).length > 0 ? held : null };
}

/** An operator's approval of held values: pinned keys stay as pinned. */
export function applyProposal(recorded: Steering, pinned: PinnedSteering, proposal: PinnedSteering): { effective: Steering; changes: SteeringChange[] } {
  const effective: Steering = { ...recorded, ...proposal, ...pinned };
  const changes = STEERING_KEYS.filter((key) => effective[key] !== recorded[key]).map((key) => ({ key, from: recorded[key], to: effective[key] }));
  return { effective, changes };
}

export function steeringOfHello(hello: Pick<Hello, "zone" | "group" | "role" | "weight" | "labels">): Steering {
  return {
    zone: hello.zone ?? null,
    group: hello.group ?? null,
    role: hello.role ?? null,
    weight: hello.weight ?? 1,
    priority: hello.labels?.[PRIORITY_LABEL] ?? null,
  };
}

/** The hello as Vigil takes it: the agent's own words for everything but what steers recovery. */
export function withSteering<H extends Pick<Hello, "zone" | "group" | "role" | "weight" | "labels">>(hello: H, steering: Steering): H {
  return {
    ...hello,
    zone: steering.zone ?? undefined,
    group: steering.group ?? undefined,
    role: steering.role ?? undefined,
    weight: steering.weight,
    labels: labelsWithPriority(hello.labels ?? {}, steering.priority),
  };
}

/** Priority travels as the `priority` label (lib/recovery/failover-candidates reads it there). */
export function labelsWithPriority(labels: Readonly<Record<string, string>>, priority: string | null): Record<string, string> {
  const { [PRIORITY_LABEL]: _previous, ...rest } = labels;
  return priority === null ? rest : { ...rest, [PRIORITY_LABEL]: priority };
}

export function describeChanges(changes: readonly SteeringChange[]): string {
  return changes.map((change) => `${change.key} ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}`).join(", ");
}
