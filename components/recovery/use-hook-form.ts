"use client";

import { useState } from "react";
import type { FormEvent } from "react";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import type { HookActionKind, HookOnError, HookPhase } from "@/lib/recovery/hooks";

/** Kept here (types only from lib/recovery) so no server code reaches the browser. */
export const ACTION_KINDS: readonly HookActionKind[] = ["restart", "promote", "follow", "run-hook", "remove-from-ring", "add-to-ring", "reweight"];
const EXECUTABLE_KINDS: ReadonlySet<HookActionKind> = new Set(["restart", "promote", "follow", "run-hook"]);

export type HookFields = {
  name: string;
  url: string;
  phase: HookPhase;
  kinds: HookActionKind[];
  /** Comma-separated replica group ids, as typed. */
  groups: string;
  timeoutMs: string;
  onError: HookOnError;
};

const NEW_HOOK: HookFields = { name: "", url: "", phase: "pre", kinds: [], groups: "", timeoutMs: "5000", onError: "veto" };

/** Execute hooks only perform what an agent could: the ring's own actions are not theirs. */
export function offeredKinds(phase: HookPhase): readonly HookActionKind[] {
  return phase === "execute" ? ACTION_KINDS.filter((kind) => EXECUTABLE_KINDS.has(kind)) : ACTION_KINDS;
}

/** The request body for POST /api/v1/recovery/hooks from what the form holds. */
export function hookBodyFromFields(fields: HookFields) {
  const offered = offeredKinds(fields.phase);
  return {
    name: fields.name.trim(),
    url: fields.url.trim(),
    phase: fields.phase,
    actionKinds: fields.kinds.filter((kind) => offered.includes(kind)),
    groupIds: fields.groups.split(",").map((group) => group.trim()).filter(Boolean),
    timeoutMs: Number(fields.timeoutMs),
    ...(fields.phase === "pre" ? { onError: fields.onError } : {}),
  };
}

/** The add-hook form: its fields, submission, and the reset that closing or success brings. */
export function useHookForm(onCreated: (secret: string) => void, onClose: () => void) {
  const [fields, setFields] = useState<HookFields>(NEW_HOOK);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const set = <Key extends keyof HookFields>(key: Key, value: HookFields[Key]) => setFields((current) => ({ ...current, [key]: value }));
  const toggleKind = (kind: HookActionKind, checked: boolean) =>
    setFields((current) => ({ ...current, kinds: checked ? [...current.kinds, kind] : current.kinds.filter((k) => k !== kind) }));
  const reset = () => {
    setFields(NEW_HOOK);
    setFailure(null);
  };
  const close = () => {
    if (pending) return;
    reset();
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setFailure(null);
    try {
      const created = await apiFetch<{ secret: string }>("/api/v1/recovery/hooks", { method: "POST", body: hookBodyFromFields(fields) });
      reset();
      onCreated(created.secret);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  return { fields, set, toggleKind, offered: offeredKinds(fields.phase), pending, failure, close, submit, canSubmit: !pending && Boolean(fields.name.trim()) && Boolean(fields.url.trim()) };
}
