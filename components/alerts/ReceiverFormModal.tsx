"use client";

import type { ReactNode } from "react";
import { FormError } from "@/components/auth/FormError";
import { Button } from "@/components/ui/Button";
import { Modal } from "@/components/ui/Modal";
import { INPUT_CLASS, LABEL_CLASS, SELECT_CLASS } from "@/components/ui/field-styles";
import { CHANNEL_FIELDS, RECEIVER_FORMATS, RECEIVER_SEVERITIES, URL_HINTS, type ChannelField, type ReceiverFields } from "@/components/alerts/receiver-form";
import { TemplateEditor } from "./TemplateEditor";
import type { ReceiverView } from "./alert-types";
import { useReceiverForm, type ReceiverFormTarget } from "./use-receiver-form";

export type { ReceiverFormTarget };

type ReceiverFormModalProps = {
  target: ReceiverFormTarget | null;
  onClose: () => void;
  /** Create answers the signing secret, once. */
  onSaved: (saved: ReceiverView & { secret?: string }) => void;
};

const FORMAT_HINTS: Record<ReceiverFields["format"], string> = {
  vigil: "Vigil's JSON body (documented, versioned).",
  alertmanager: "Alertmanager's webhook payload (version 4), for existing consumers.",
  slack: "A Slack incoming-webhook message, with the page's links.",
  email: "E-mail over SMTP (STARTTLS or TLS, with AUTH).",
  pagerduty: "PagerDuty Events API v2: one incident per page, acknowledged and resolved with it.",
  opsgenie: "Opsgenie Alert API: one alert per page, acknowledged and closed with it.",
  telegram: "A Telegram bot message with the links as buttons.",
  teams: "A Microsoft Teams Adaptive Card through an incoming webhook or Workflows.",
  discord: "A Discord webhook message (one embed).",
  ntfy: "An ntfy push notification with the links as actions.",
};

const FORMAT_LABELS: Record<ReceiverFields["format"], string> = {
  vigil: "Vigil webhook",
  alertmanager: "Alertmanager webhook",
  slack: "Slack",
  email: "E-mail",
  pagerduty: "PagerDuty",
  opsgenie: "Opsgenie",
  telegram: "Telegram",
  teams: "Microsoft Teams",
  discord: "Discord",
  ntfy: "ntfy",
};

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={`block ${LABEL_CLASS}`}>
        {label}
      </label>
      {children}
      {error ? (
        <p className="text-xs text-red-300" id={`${id}-error`}>
          {error}
        </p>
      ) : (
        hint && <p className="text-xs text-zinc-400">{hint}</p>
      )}
    </div>
  );
}

/** One channel setting; a secret is a password input that never shows what is stored. */
function ChannelInput({ field, fields, error, onChange }: { field: ChannelField; fields: ReceiverFields; error?: string; onChange: (value: string) => void }) {
  const id = `receiver-channel-${field.key}`;
  const value = (field.kind === "config" ? fields.config[field.key] : fields.credentials[field.key]) ?? "";
  const stored = field.kind === "secret" && fields.credentialKeys.includes(field.key);
  const common = { id, name: field.key, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined };
  if (field.input === "checkbox") {
    return (
      <div className="space-y-1">
        <label className="flex items-center gap-1.5 text-sm text-zinc-300">
          <input {...common} type="checkbox" className="size-4 accent-sky-500" checked={value === "true"} onChange={(event) => onChange(event.target.checked ? "true" : "")} />
          {field.label}
        </label>
        <p className="text-xs text-zinc-400">{field.hint}</p>
      </div>
    );
  }
  const hint = stored ? `Set — leave empty to keep. ${field.hint}` : field.hint;
  return (
    <Field id={id} label={`${field.label}${field.required ? "" : " (optional)"}`} error={error} hint={hint}>
      {field.input === "select" ? (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)} className={`${SELECT_CLASS} w-48`}>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option || "default"}
            </option>
          ))}
        </select>
      ) : field.input === "textarea" ? (
        <textarea {...common} value={value} onChange={(event) => onChange(event.target.value)} rows={3} spellCheck={false} className={`${INPUT_CLASS} h-auto w-full py-2 font-mono text-xs`} />
      ) : (
        <input
          {...common}
          type={field.kind === "secret" ? "password" : "text"}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          placeholder={stored ? "•••••• (set)" : field.placeholder}
          autoComplete={field.kind === "secret" ? "new-password" : "off"}
          spellCheck={false}
          className={`${INPUT_CLASS} w-full font-mono text-xs`}
        />
      )}
    </Field>
  );
}

function ReceiverForm({ target, onClose, onSaved }: { target: ReceiverFormTarget; onClose: () => void; onSaved: ReceiverFormModalProps["onSaved"] }) {
  const { fields, set, setFormat, setChannel, input, errors, pending, failure, submit } = useReceiverForm(target, onSaved, onClose);

  const timing = (["groupWait", "groupInterval", "repeatInterval"] as const).map((key) => ({
    key,
    label: key === "groupWait" ? "Group wait" : key === "groupInterval" ? "Group interval" : "Repeat",
  }));

  return (
    <form onSubmit={submit} className="space-y-3" aria-label={target.mode === "create" ? "New receiver" : `Edit ${target.receiver.name}`}>
      <fieldset disabled={pending} className="space-y-3">
        <Field id="receiver-name" label="Name" error={errors.name}>
          <input {...input("name")} placeholder="e.g. ops-pager" maxLength={200} className={`${INPUT_CLASS} w-full`} />
        </Field>
        <Field id="receiver-format" label="Channel" hint={FORMAT_HINTS[fields.format]}>
          <select
            id="receiver-format"
            value={fields.format}
            onChange={(event) => {
              const format = RECEIVER_FORMATS.find((candidate) => candidate === event.target.value);
              if (format) setFormat(format);
            }}
            className={`${SELECT_CLASS} w-56`}
          >
            {RECEIVER_FORMATS.map((format) => (
              <option key={format} value={format}>
                {FORMAT_LABELS[format]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="receiver-url" label={fields.format === "email" ? "SMTP server" : "URL"} error={errors.url} hint={URL_HINTS[fields.format]}>
          <input {...input("url")} type={fields.format === "email" ? "text" : "url"} placeholder={fields.format === "email" ? "smtp://mail.example.com:587" : "https://hooks.example.com/vigil"} className={`${INPUT_CLASS} w-full font-mono text-xs`} />
        </Field>
        {CHANNEL_FIELDS[fields.format].length > 0 && (
          <div className="space-y-3 rounded-md border border-zinc-800 p-3">
            {CHANNEL_FIELDS[fields.format].map((field) => (
              <ChannelInput key={`${fields.format}-${field.key}`} field={field} fields={fields} error={errors.channel?.[field.key]} onChange={(value) => setChannel(field, value)} />
            ))}
          </div>
        )}
        <Field id="receiver-groupBy" label="Group by" error={errors.groupBy} hint='Labels that batch alerts into one notification, e.g. "alertname, node"; "..." for one per alert.'>
          <input {...input("groupBy")} className={`${INPUT_CLASS} w-full font-mono text-xs`} />
        </Field>
        <div className="grid grid-cols-3 gap-2">
          {timing.map(({ key, label }) => (
            <Field key={key} id={`receiver-${key}`} label={label} error={errors[key]}>
              <input {...input(key)} className={`${INPUT_CLASS} w-full font-mono text-xs`} />
            </Field>
          ))}
        </div>
        <p className="-mt-1 text-xs text-zinc-400">Wait before a new group&apos;s first notification · between updates of a group · before repeating an unchanged one.</p>
        <div className="space-y-1">
          <span className={LABEL_CLASS}>Severities</span>
          <div className="flex flex-wrap items-center gap-4 text-sm text-zinc-300">
            {RECEIVER_SEVERITIES.map((severity) => (
              <label key={severity} className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  className="size-4 accent-sky-500"
                  checked={fields.severities.includes(severity)}
                  onChange={(event) => set("severities", event.target.checked ? [...fields.severities, severity] : fields.severities.filter((s) => s !== severity))}
                />
                {severity}
              </label>
            ))}
            <label className="ml-auto flex items-center gap-1.5">
              <input type="checkbox" className="size-4 accent-sky-500" checked={fields.sendResolved} onChange={(event) => set("sendResolved", event.target.checked)} />
              send resolved
            </label>
          </div>
          <p className="text-xs text-zinc-400">None ticked: every severity.</p>
        </div>
        <Field id="receiver-headers" label="Extra headers" error={errors.headers} hint="One “Name: value” a line, e.g. an auth token the receiver expects.">
          <textarea
            id="receiver-headers"
            value={fields.headers}
            onChange={(event) => set("headers", event.target.value)}
            rows={2}
            spellCheck={false}
            className={`${INPUT_CLASS} h-auto w-full py-2 font-mono text-xs`}
          />
        </Field>
        <TemplateEditor
          format={fields.format}
          titleTemplate={fields.titleTemplate}
          bodyTemplate={fields.bodyTemplate}
          onChange={(next) => {
            set("titleTemplate", next.titleTemplate);
            set("bodyTemplate", next.bodyTemplate);
          }}
        />
      </fieldset>
      <FormError message={failure} />
      <div className="flex justify-end gap-2 border-t border-zinc-800 pt-3">
        <Button onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : target.mode === "create" ? "Create receiver" : "Save"}
        </Button>
      </div>
    </form>
  );
}

export function ReceiverFormModal({ target, onClose, onSaved }: ReceiverFormModalProps) {
  const title = target?.mode === "edit" ? `Edit ${target.receiver.name}` : "New receiver";
  return (
    <Modal open={target !== null} title={title} onClose={onClose}>
      {target && <ReceiverForm target={target} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}
