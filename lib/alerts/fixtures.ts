import type { NodeView } from "../protocol/views";
import { firingAlert, type Alert, type Labels } from "./alert";
import { receiverSchema, type Receiver, type ReceiverInput } from "./receivers";

/** Test data builders (kept beside the tests, not exported from index). */
export const T0 = Date.UTC(2030, 0, 1);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export function testNode(id: string, overrides: Partial<NodeView> = {}): NodeView {
  return {
    id,
    hostname: id,
    address: null,
    zone: "zone-a",
    group: "g1",
    role: null,
    labels: {},
    weight: 1,
    agentVersion: "1.0.0",
    state: "healthy",
    stateReason: null,
    stateSince: T0 - HOUR,
    phi: 0,
    connected: true,
    firstSeenAt: T0 - HOUR,
    lastHeartbeatAt: T0,
    metrics: { cpu: 0.2, mem: 0.3, disk: 0.4, netIn: 0, netOut: 0, load1: 0.5, latencyMs: 1, errorRate: 0, custom: null },
    replication: null,
    placementEpoch: 1,
    ...overrides,
  };
}

export function testAlert(labels: Labels, startsAt = T0): Alert {
  return firingAlert({ severity: "warning", ...labels }, { summary: labels.alertname ?? "" }, startsAt);
}

export function testReceiver(overrides: Partial<ReceiverInput> = {}): Receiver {
  return receiverSchema.parse({ id: "ops", name: "Ops", ...overrides });
}
