"use client";

import { useState } from "react";
import type { FormEvent } from "react";
import type { GroupingSettings } from "@/lib/grouping/settings";
import { hasRole, useCurrentUser } from "@/components/layout/CurrentUserProvider";
import { Button } from "@/components/ui/Button";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { INPUT_CLASS, LABEL_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { FormError } from "@/components/auth/FormError";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { METRIC_LABELS } from "./group-metrics";

/** Mirrors MIN_GROUPS..MAX_GROUPS in lib/grouping/settings, which can't be imported here without bundling zod. */
const FIXED_K_CHOICES = [2, 3, 4, 5, 6, 7, 8] as const;
/** Mirrors the server's limits (the live load window keeps two minutes of per-node sums). */
const MIN_WINDOW_SECONDS = 5;
const MAX_WINDOW_SECONDS = 120;

type KMode = "auto" | "fixed";
const K_MODE_OPTIONS: readonly { value: KMode; label: string }[] = [
  { value: "auto", label: "Auto" },
  { value: "fixed", label: "Fixed" },
];

type GroupingSettingsFormProps = {
  settings: GroupingSettings;
  onSaved: (settings: GroupingSettings) => void;
};

function readWindowSeconds(text: string): number | null {
  const value = Number(text);
  if (!Number.isInteger(value) || value < MIN_WINDOW_SECONDS || value > MAX_WINDOW_SECONDS) return null;
  return value;
}

/** Operators tune how many groups to form and over how long a window; viewers see the values read-only. */
export function GroupingSettingsForm({ settings, onSaved }: GroupingSettingsFormProps) {
  const canEdit = hasRole(useCurrentUser(), "operator");
  const [kMode, setKMode] = useState<KMode>(settings.k === "auto" ? "auto" : "fixed");
  const [fixedK, setFixedK] = useState<number>(settings.k === "auto" ? 4 : settings.k);
  const [windowText, setWindowText] = useState(String(settings.windowSeconds));
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const windowSeconds = readWindowSeconds(windowText);
    if (windowSeconds === null) {
      setFailure(`The window must be a whole number of seconds from ${MIN_WINDOW_SECONDS} to ${MAX_WINDOW_SECONDS}.`);
      return;
    }
    setPending(true);
    setFailure(null);
    setSaved(false);
    try {
      const answer = await apiFetch<{ settings: GroupingSettings }>("/api/v1/groups/settings", {
        method: "PUT",
        body: {
          ...settings,
          k: kMode === "auto" ? "auto" : fixedK,
          windowSeconds,
          // The server refuses more samples than window seconds (one heartbeat a second); this form
          // doesn't show minSamples, so shrink it with the window rather than fail with a hidden cause.
          minSamples: Math.min(settings.minSamples, windowSeconds),
        },
      });
      setSaved(true);
      onSaved(answer.settings);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  const metricsText = settings.metrics.map((metric) => METRIC_LABELS[metric]).join(", ");
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Grouping settings">
      {!canEdit && <p className="text-xs text-zinc-400">Only operators and administrators can change these.</p>}
      <fieldset disabled={!canEdit || pending} className="space-y-4">
        <div className="space-y-1.5">
          <span className={LABEL_CLASS}>Number of groups (k)</span>
          <div className="flex flex-wrap items-center gap-2">
            <SegmentedControl label="How k is chosen" options={K_MODE_OPTIONS} value={kMode} onChange={setKMode} />
            {kMode === "fixed" && (
              <select aria-label="Fixed number of groups" value={fixedK} onChange={(event) => setFixedK(Number(event.target.value))} className={`${SELECT_CLASS} h-8`}>
                {FIXED_K_CHOICES.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            )}
          </div>
          <p className="text-xs text-zinc-400">
            {kMode === "auto" ? "Each run picks the k that separates the fleet best (by silhouette)." : "Every run forms exactly this many groups."}
          </p>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="grouping-window" className={`block ${LABEL_CLASS}`}>
            Window (seconds)
          </label>
          <input
            id="grouping-window"
            name="windowSeconds"
            type="number"
            inputMode="numeric"
            min={MIN_WINDOW_SECONDS}
            max={MAX_WINDOW_SECONDS}
            step={1}
            value={windowText}
            onChange={(event) => setWindowText(event.target.value)}
            className={`${INPUT_CLASS} w-28 tabular`}
          />
          <p className="text-xs text-zinc-400">Each node is placed by its mean load over this window ({MIN_WINDOW_SECONDS}–{MAX_WINDOW_SECONDS} s). Shorter reacts faster, longer is steadier.</p>
        </div>
        {canEdit && (
          <div className="flex items-center gap-3">
            <Button type="submit" variant="primary" disabled={pending}>
              {pending ? "Saving…" : "Save"}
            </Button>
            {saved && !failure && <span role="status" className="text-xs text-zinc-400">Saved; the next run uses it.</span>}
          </div>
        )}
      </fieldset>
      <FormError message={failure} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 border-t border-zinc-800 pt-3 text-xs">
        <dt className="text-zinc-400">Runs every</dt>
        <dd className="text-zinc-300 tabular">{settings.intervalSeconds} s</dd>
        <dt className="text-zinc-400">Min samples</dt>
        <dd className="text-zinc-300 tabular">{settings.minSamples} per node</dd>
        <dt className="text-zinc-400">Metrics</dt>
        <dd className="text-zinc-300">{metricsText}</dd>
        <dt className="text-zinc-400">Steadiness</dt>
        <dd className="text-zinc-300">
          A node changes group only when {Math.round(settings.moveMargin * 100)}% closer to the other centroid and after {settings.dwellSeconds} s in its group; a
          new group name or outlier must hold {settings.confirmRuns} runs in a row.
        </dd>
      </dl>
    </form>
  );
}
