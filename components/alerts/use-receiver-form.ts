"use client";

import { useState } from "react";
import type { FormEvent } from "react";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { NEW_RECEIVER_FIELDS, fieldsFromReceiver, receiverBodyFromFields, withFormat, type ChannelField, type ReceiverFieldErrors, type ReceiverFields, type ReceiverFormat } from "@/components/alerts/receiver-form";
import type { ReceiverView } from "./alert-types";

export type ReceiverFormTarget = { mode: "create" } | { mode: "edit"; receiver: ReceiverView };
type TextField = "name" | "url" | "groupBy" | "groupWait" | "groupInterval" | "repeatInterval";

/**
 * The receiver form's fields, their validation (receiver-form) and the save: POST for a new
 * receiver (answering its secret once), PATCH for an edited one.
 */
export function useReceiverForm(target: ReceiverFormTarget, onSaved: (saved: ReceiverView & { secret?: string }) => void, onClose: () => void) {
  const [fields, setFields] = useState<ReceiverFields>(() => (target.mode === "edit" ? fieldsFromReceiver(target.receiver) : NEW_RECEIVER_FIELDS));
  const [errors, setErrors] = useState<ReceiverFieldErrors>({});
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const set = <Key extends keyof ReceiverFields>(key: Key, value: ReceiverFields[Key]) => setFields((current) => ({ ...current, [key]: value }));
  const setFormat = (format: ReceiverFormat) => setFields((current) => withFormat(current, format));
  /** A channel setting or secret, by its field. */
  const setChannel = (field: ChannelField, value: string) =>
    setFields((current) => {
      const bucket = field.kind === "config" ? "config" : "credentials";
      return { ...current, [bucket]: { ...current[bucket], [field.key]: value } };
    });
  const input = (key: TextField) => ({
    id: `receiver-${key}`,
    name: key,
    value: fields[key],
    onChange: (event: { target: { value: string } }) => set(key, event.target.value),
    "aria-invalid": errors[key] ? true : undefined,
    "aria-describedby": errors[key] ? `receiver-${key}-error` : undefined,
    autoComplete: "off",
    spellCheck: false,
  });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = receiverBodyFromFields(fields);
    if ("errors" in result) {
      setErrors(result.errors);
      setFailure("Fix the fields marked in red.");
      return;
    }
    setErrors({});
    setFailure(null);
    setPending(true);
    try {
      const saved =
        target.mode === "create"
          ? await apiFetch<ReceiverView & { secret: string }>("/api/v1/receivers", { method: "POST", body: result.body })
          : await apiFetch<ReceiverView>(`/api/v1/receivers/${encodeURIComponent(target.receiver.id)}`, { method: "PATCH", body: result.body });
      onSaved(saved);
      onClose();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  };

  return { fields, set, setFormat, setChannel, input, errors, pending, failure, submit };
}
