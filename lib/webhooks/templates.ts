/**
 * The text of a page: a receiver's title and body templates rendered over a page's fields, or
 * the channel's default when the receiver has none or its template fails (a template error must
 * never keep a page from going out). Pure.
 *
 * Templates are Liquid (liquidjs), written by operators and so untrusted: they may read only the
 * documented fields (own properties only: no `constructor`, no prototype), use only the built-in
 * filters, reach no file (include/render/layout see an empty in-memory map), and are bounded in
 * size, render time and memory. Liquid has no way to call JavaScript, which is why it was chosen.
 */
import { Liquid, type Template } from "liquidjs";
import type { PageMessage } from "./message";
import { defaultTemplates, TEMPLATE_SOURCE_MAX } from "./template-defaults";
import type { Instant, NotificationAlert, WebhookFormat } from "./types";

export { DEFAULT_TEMPLATES, defaultTemplates, TEMPLATE_FIELDS, TEMPLATE_SOURCE_MAX, type TemplateField } from "./template-defaults";

export type PageTextInput = Omit<PageMessage, "title" | "body"> & { receiverName: string; externalURL: string };

export type TemplateSource = { format: WebhookFormat; titleTemplate: string | null; bodyTemplate: string | null };

export type RenderedText = {
  title: string;
  body: string;
  /** Why a template was not used (then the default text is), e.g. a syntax error or a render limit. */
  errors: string[];
};

export const TITLE_MAX = 250;
export const BODY_MAX = 4000;
const RENDER_LIMIT_MS = 50;
/** Characters the built-in filters and ranges may allocate in one render. */
const MEMORY_LIMIT = 1_000_000;
const CACHE_MAX = 256;

// ---------- engine ----------

const engine = new Liquid({
  // No file system: include/render/layout look in this empty map and find nothing.
  templates: {},
  relativeReference: false,
  dynamicPartials: false,
  ownPropertyOnly: true,
  strictFilters: true,
  strictVariables: false,
  timezoneOffset: 0,
  parseLimit: TEMPLATE_SOURCE_MAX,
  renderLimit: RENDER_LIMIT_MS,
  memoryLimit: MEMORY_LIMIT,
  cache: false,
});

type Parsed = { ok: true; template: Template[] } | { ok: false; error: string };
const cache = new Map<string, Parsed>();

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 300);

function parse(source: string): Parsed {
  const hit = cache.get(source);
  if (hit) {
    // Re-inserting keeps the most recently used last; the oldest is evicted first.
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  let parsed: Parsed;
  try {
    if (source.length > TEMPLATE_SOURCE_MAX) throw new Error(`template longer than ${TEMPLATE_SOURCE_MAX} characters`);
    parsed = { ok: true, template: engine.parse(source) };
  } catch (error) {
    parsed = { ok: false, error: describe(error) };
  }
  cache.set(source, parsed);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  return parsed;
}

/** Why the template does not parse, or null; for validating a receiver before it is saved. */
export function templateProblem(source: string): string | null {
  const parsed = parse(source);
  return parsed.ok ? null : parsed.error;
}

function render(source: string, scope: object): { ok: true; text: string } | { ok: false; error: string } {
  const parsed = parse(source);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, text: String(engine.renderSync(parsed.template, scope)) };
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}

// ---------- fields ----------

const rfc3339 = (value: Instant | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};

function common(records: readonly Record<string, string>[]): Record<string, string> {
  if (records.length === 0) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(records[0])) if (records.every((r) => Object.hasOwn(r, key) && r[key] === value)) out[key] = value;
  return out;
}

const alertFields = (alert: NotificationAlert) => ({
  status: alert.status,
  labels: { ...alert.labels },
  annotations: { ...alert.annotations },
  startsAt: rfc3339(alert.startsAt),
  endsAt: rfc3339(alert.endsAt),
  node: alert.labels.node ?? null,
  group: alert.labels.group ?? null,
  summary: alert.annotations.summary ?? null,
  description: alert.annotations.description ?? null,
});

/** The scope a template renders over (the documented TEMPLATE_FIELDS); plain data only. */
export function templateScope(input: PageTextInput) {
  const alerts = input.notification.alerts;
  const commonLabels = common(alerts.map((a) => a.labels));
  const commonAnnotations = common(alerts.map((a) => a.annotations));
  const alertname = input.notification.groupLabels.alertname ?? commonLabels.alertname ?? alerts[0]?.labels.alertname ?? "alert";
  const recovery = input.recovery;
  return {
    status: input.notification.status,
    action: input.action,
    severity: input.severity,
    receiver: input.receiverName,
    alertname,
    summary: commonAnnotations.summary ?? alerts[0]?.annotations.summary ?? alertname,
    groupLabels: { ...input.notification.groupLabels },
    commonLabels,
    commonAnnotations,
    alerts: alerts.map(alertFields),
    firingCount: alerts.filter((a) => a.status === "firing").length,
    resolvedCount: alerts.filter((a) => a.status === "resolved").length,
    links: { ...input.links },
    page: { id: input.pageId, step: input.step },
    recovery: recovery
      ? {
          kind: recovery.kind,
          state: recovery.state,
          deadline: rfc3339(recovery.deadline),
          summary: recovery.summary,
          timeline: recovery.timeline.map((t) => ({ step: t.step, at: rfc3339(t.at) })),
        }
      : null,
    externalURL: input.externalURL,
  };
}

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const oneLine = (text: string): string => cut(text.replace(/\s+/g, " ").trim(), TITLE_MAX);
// Liquid tags leave blank lines behind; at most one blank line in a row reads better everywhere.
const tidy = (text: string): string =>
  cut(
    text
      .replace(/[ \t]+$/gm, "")
      .replace(/\n{3,}/g, "\n\n")
      .trim(),
    BODY_MAX,
  );

/** What is sent when even a default fails (it should not; this keeps a page going out regardless). */
function lastResort(input: PageTextInput): { title: string; body: string } {
  const alerts = input.notification.alerts;
  const name = input.notification.groupLabels.alertname ?? alerts[0]?.labels.alertname ?? "alert";
  const title = `[${input.action === "resolve" ? "RESOLVED" : input.severity.toUpperCase()}] ${name}`;
  const lines = alerts.map((alert) => `${alert.status === "firing" ? "•" : "✓"} ${alert.annotations.summary ?? alert.labels.alertname ?? alert.fingerprint}`);
  return { title, body: [...lines, `View: ${input.links.view}`].join("\n") };
}

function renderPart(part: "title" | "body", custom: string | null, fallback: string, scope: object, errors: string[]): string | null {
  const shape = part === "title" ? oneLine : tidy;
  if (custom !== null && custom.trim() !== "") {
    const result = render(custom, scope);
    if (result.ok && (part === "body" || shape(result.text) !== "")) return shape(result.text);
    errors.push(`${part} template: ${result.ok ? "renders to nothing" : result.error}`);
  }
  const result = render(fallback, scope);
  if (result.ok) return shape(result.text);
  errors.push(`default ${part} template: ${result.error}`);
  return null;
}

export function renderPageText(source: TemplateSource, input: PageTextInput): RenderedText {
  const defaults = defaultTemplates(source.format);
  const scope = templateScope(input);
  const errors: string[] = [];
  const title = renderPart("title", source.titleTemplate, defaults.title, scope, errors);
  const body = renderPart("body", source.bodyTemplate, defaults.body, scope, errors);
  if (title !== null && body !== null) return { title, body, errors };
  const resort = lastResort(input);
  return { title: title ?? resort.title, body: body ?? resort.body, errors };
}

