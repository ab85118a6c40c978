import type { Alert } from "./alert";
import { inhibitedBy, type InhibitRuleInput } from "./inhibition";
import { maintenanceMuting, type MaintenanceWindow } from "./maintenance";
import { silencedBy, type Silence } from "./silences";

/** Why an alert is kept from receivers; the ids let the UI link to the silence / window / source alert. */
export type MuteInfo = {
  fingerprint: string;
  silencedBy: string[];
  maintenance: string[];
  /** Fingerprints of the firing alerts inhibiting this one. */
  inhibitedBy: string[];
};

export type MuteInput = {
  now: number;
  silences: readonly Silence[];
  maintenance: readonly MaintenanceWindow[];
  inhibitRules: readonly InhibitRuleInput[];
};

/** The muted alerts among `alerts` (firing or not), keyed by fingerprint. */
export function muteReasons(alerts: readonly Alert[], input: MuteInput): Map<string, MuteInfo> {
  const inhibited = inhibitedBy(alerts, input.inhibitRules);
  const out = new Map<string, MuteInfo>();
  for (const alert of alerts) {
    const info: MuteInfo = {
      fingerprint: alert.fingerprint,
      silencedBy: silencedBy(alert, input.silences, input.now),
      maintenance: maintenanceMuting(alert, input.maintenance, input.now),
      inhibitedBy: inhibited.get(alert.fingerprint) ?? [],
    };
    if (info.silencedBy.length || info.maintenance.length || info.inhibitedBy.length) out.set(alert.fingerprint, info);
  }
  return out;
}
