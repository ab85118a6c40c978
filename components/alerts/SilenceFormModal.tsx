"use client";

import { useState } from "react";
import type { FormEvent } from "react";
import { FormError } from "@/components/auth/FormError";
import { Button } from "@/components/ui/Button";
import { Modal } from "@/components/ui/Modal";
import { SegmentedControl } from "@/components/ui/SegmentedControl";
import { INPUT_CLASS, LABEL_CLASS } from "@/components/ui/field-styles";
import { matchersProblem, type LabelMatcher } from "@/components/alerts/alert-matchers";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { formatDateTime } from "@/components/ui/format";
import { DEFAULT_SILENCE_PRESET, SILENCE_PRESETS, silenceEndsAt, toDateTimeLocal, type SilenceDurationPreset } from "@/components/alerts/silence-time";
import type { AlertView, SilenceView } from "./alert-types";
import { MatchersEditor } from "./MatchersEditor";
import { SilenceMatchPreview } from "./SilenceMatchPreview";

type SilenceFormModalProps = {
  /** Null: closed. The matchers the form starts from (prefilled from an alert, or one empty row). */
  initialMatchers: LabelMatcher[] | null;
  /** Current alerts, to show how many the silence would mute. */
  alerts: readonly AlertView[] | null;
  onClose: () => void;
  onCreated: (silence: SilenceView) => void;
};

const TWO_HOURS_MS = 7_200_000;

function SilenceForm({ initialMatchers, alerts, onClose, onCreated }: Omit<SilenceFormModalProps, "initialMatchers"> & { initialMatchers: LabelMatcher[] }) {
  const [matchers, setMatchers] = useState<LabelMatcher[]>(initialMatchers);
  const [preset, setPreset] = useState<SilenceDurationPreset>(DEFAULT_SILENCE_PRESET);
  const [customEnd, setCustomEnd] = useState(() => toDateTimeLocal(Date.now() + TWO_HOURS_MS));
  const [comment, setComment] = useState("");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = matchersProblem(matchers);
    if (problem) return setFailure(problem);
    if (!comment.trim()) return setFailure("Say why (the comment is required): the next person on call will read it.");
    const end = silenceEndsAt(preset, customEnd, Date.now());
    if ("problem" in end) return setFailure(end.problem);
    setPending(true);
    setFailure(null);
    try {
      const created = await apiFetch<SilenceView>("/api/v1/silences", { method: "POST", body: { matchers, endsAt: end.endsAt, comment: comment.trim() } });
      onCreated(created);
      onClose();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  const end = silenceEndsAt(preset, customEnd, Date.now());
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="New silence" id="silence-form">
      <div className="space-y-1.5">
        <span className={LABEL_CLASS}>Matchers</span>
        <MatchersEditor matchers={matchers} onChange={setMatchers} disabled={pending} />
        <p className="text-xs text-zinc-400">All must match. Regexes match the whole value; a label the alert lacks counts as empty.</p>
      </div>
      <SilenceMatchPreview matchers={matchers} alerts={alerts} />
      <div className="space-y-1.5">
        <span className={LABEL_CLASS}>Duration</span>
        <div className="flex flex-wrap items-center gap-2">
          <SegmentedControl label="Silence duration" options={SILENCE_PRESETS} value={preset} onChange={setPreset} />
          {preset === "custom" && (
            <input
              type="datetime-local"
              aria-label="Silence ends at"
              value={customEnd}
              onChange={(event) => setCustomEnd(event.target.value)}
              className={`${INPUT_CLASS} h-8 text-xs [color-scheme:dark]`}
            />
          )}
        </div>
        <p className="text-xs text-zinc-400 tabular">{"endsAt" in end ? `Starts now, ends ${formatDateTime(end.endsAt)}.` : end.problem}</p>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="silence-comment" className={`block ${LABEL_CLASS}`}>
          Comment <span className="normal-case text-zinc-400">(required)</span>
        </label>
        <textarea
          id="silence-comment"
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          maxLength={1000}
          rows={2}
          placeholder="Why, e.g. planned reboot of sim-a-001 (TICKET-123)"
          className={`${INPUT_CLASS} h-auto w-full py-2`}
        />
      </div>
      <FormError message={failure} />
      <div className="flex justify-end gap-2 border-t border-zinc-800 pt-3">
        <Button onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Creating…" : "Create silence"}
        </Button>
      </div>
    </form>
  );
}

/** New silence: matchers (editable), how long, and why. Remounts per opening, so each starts fresh. */
export function SilenceFormModal({ initialMatchers, alerts, onClose, onCreated }: SilenceFormModalProps) {
  return (
    <Modal open={initialMatchers !== null} title="New silence" onClose={onClose}>
      {initialMatchers && <SilenceForm key={JSON.stringify(initialMatchers)} initialMatchers={initialMatchers} alerts={alerts} onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}
