"use client";

import { useEffect, useState } from "react";
import { apiFetch, errorMessage } from "@/components/live/api-client";
import { Button } from "@/components/ui/Button";
import { LABEL_CLASS } from "@/components/ui/field-styles";
import type { ReceiverPreviewResult } from "@/lib/protocol/api/alerts";
import { defaultTemplates, TEMPLATE_FIELDS, TEMPLATE_SOURCE_MAX } from "@/lib/webhooks/template-defaults";

type TemplateEditorProps = {
  format: string;
  titleTemplate: string;
  bodyTemplate: string;
  onChange: (next: { titleTemplate: string; bodyTemplate: string }) => void;
};

/** Typing pauses this long before the preview is asked for, so each keystroke is not a request. */
const PREVIEW_DEBOUNCE_MS = 300;

const TEXTAREA_CLASS =
  "w-full rounded-md border border-zinc-700 bg-zinc-950 px-3 py-2 font-mono text-xs text-zinc-100 placeholder:text-zinc-500 focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500";

type Preview = { state: "loading" } | { state: "ready"; result: ReceiverPreviewResult } | { state: "failed"; message: string };

/**
 * A receiver's title and body templates (Liquid) with a live preview over a sample page. Empty
 * fields mean the channel's default, shown as the placeholder.
 */
export function TemplateEditor({ format, titleTemplate, bodyTemplate, onChange }: TemplateEditorProps) {
  const defaults = defaultTemplates(format);
  const [preview, setPreview] = useState<Preview>({ state: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setPreview((current) => (current.state === "ready" ? current : { state: "loading" }));
      apiFetch<ReceiverPreviewResult>("/api/v1/receivers/preview", {
        method: "POST",
        signal: controller.signal,
        body: { format, titleTemplate: titleTemplate.trim() ? titleTemplate : null, bodyTemplate: bodyTemplate.trim() ? bodyTemplate : null },
      })
        .then((result) => setPreview({ state: "ready", result }))
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setPreview({ state: "failed", message: errorMessage(error) });
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [format, titleTemplate, bodyTemplate]);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <span className={LABEL_CLASS}>Message templates (Liquid)</span>
        <Button size="sm" variant="ghost" onClick={() => onChange({ titleTemplate: defaults.title, bodyTemplate: defaults.body })}>
          Insert default
        </Button>
      </div>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-400">Title (one line, at most 250 characters; empty: the channel&apos;s default)</span>
        <textarea
          className={TEXTAREA_CLASS}
          rows={2}
          maxLength={TEMPLATE_SOURCE_MAX}
          value={titleTemplate}
          placeholder={defaults.title}
          spellCheck={false}
          onChange={(event) => onChange({ titleTemplate: event.target.value, bodyTemplate })}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-400">Body (at most 4000 characters; empty: the channel&apos;s default)</span>
        <textarea
          className={TEXTAREA_CLASS}
          rows={6}
          maxLength={TEMPLATE_SOURCE_MAX}
          value={bodyTemplate}
          placeholder={defaults.body}
          spellCheck={false}
          onChange={(event) => onChange({ titleTemplate, bodyTemplate: event.target.value })}
        />
      </label>

      <section aria-label="Template preview" aria-live="polite" className="rounded-md border border-zinc-800 bg-zinc-900/60 p-3">
        <div className="mb-2 text-xs text-zinc-400">Preview: a failover of kv-3 running, two alerts firing</div>
        {preview.state === "loading" && <p className="text-xs text-zinc-400">Rendering…</p>}
        {preview.state === "failed" && <p className="text-xs text-amber-300">Preview unavailable: {preview.message}</p>}
        {preview.state === "ready" && (
          <>
            {preview.result.errors.length > 0 && (
              <ul className="mb-2 flex flex-col gap-1 text-xs text-red-400" role="alert">
                {preview.result.errors.map((error) => (
                  <li key={error}>
                    {error} — the default is used instead.
                  </li>
                ))}
              </ul>
            )}
            <p className="text-sm font-semibold break-words text-zinc-100">{preview.result.title}</p>
            <pre className="mt-1 max-h-64 overflow-auto text-xs break-words whitespace-pre-wrap text-zinc-300">{preview.result.body}</pre>
          </>
        )}
      </section>

      <details className="rounded-md border border-zinc-800 p-3 text-xs">
        <summary className="cursor-pointer text-zinc-300">Fields a template can use</summary>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
          {TEMPLATE_FIELDS.map((field) => (
            <div key={field.name} className="contents">
              <dt className="font-mono text-sky-300">
                {field.name} <span className="text-zinc-500">{field.type}</span>
              </dt>
              <dd className="text-zinc-400">
                {field.description} <span className="font-mono text-zinc-500">{field.example}</span>
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-zinc-500">Built-in Liquid filters only; no files, no code. See docs/templates.md.</p>
      </details>
    </div>
  );
}
