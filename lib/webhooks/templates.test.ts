import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { receiverPreviewResultSchema, receiverPreviewSchema } from "../protocol/api/alerts";
import { previewTemplates, samplePageTextInput } from "./template-preview";
import { DEFAULT_TEMPLATES, renderPageText, TEMPLATE_FIELDS, templateProblem, templateScope, type PageTextInput, type TemplateSource } from "./templates";

const NOW = Date.parse("2026-12-03T14:00:10Z");
const sample = (): PageTextInput => samplePageTextInput("https://vigil.example.com/", NOW);
const source = (format: string, titleTemplate: string | null, bodyTemplate: string | null): TemplateSource => ({ format: format as TemplateSource["format"], titleTemplate, bodyTemplate });

describe("page templates", () => {
  it("renders the documented fields", () => {
    const body = TEMPLATE_FIELDS.filter((f) => !["groupLabels", "commonLabels", "commonAnnotations", "alerts", "links", "page", "recovery"].includes(f.name))
      .map((f) => `${f.name}={{ ${f.name} }}`)
      .join("\n");
    const out = renderPageText(source("slack", "{{ alertname }} on {{ commonLabels.group }} step {{ page.step }}", `${body}\n{{ alerts[1].node }} {{ alerts.first.startsAt }} {{ links.acknowledge }} {{ recovery.kind }} {{ recovery.deadline }} {{ recovery.timeline.last.step }}`), sample());
    assert.deepEqual(out.errors, []);
    assert.equal(out.title, "GroupWithoutPrimary on kv-3 step 1");
    for (const line of ["status=firing", "action=trigger", "severity=critical", "receiver=on-call", "summary=Replica group kv-3 has no primary", "firingCount=2", "resolvedCount=0", "externalURL=https://vigil.example.com"]) {
      assert.ok(out.body.includes(line), line);
    }
    assert.ok(out.body.includes("kv-3-c 2026-12-03T14:00:01.000Z https://vigil.example.com/api/v1/pages/act/sample-acknowledge-token failover 2026-12-03T14:02:10.000Z confirmation"), out.body);
    assert.equal(templateScope(sample()).recovery?.timeline.length, 2);
  });

  it("has a default for every channel, with short titles and links spelled out", () => {
    for (const format of ["email", "pagerduty", "opsgenie", "telegram", "teams", "discord", "ntfy", "slack", "vigil", "alertmanager", "default", "unknown-channel"]) {
      if (format !== "unknown-channel") assert.ok(DEFAULT_TEMPLATES[format], format);
      const out = renderPageText(source(format, null, null), sample());
      assert.deepEqual(out.errors, [], format);
      assert.equal(out.title, "[CRITICAL] GroupWithoutPrimary kv-3 (+1)", format);
      assert.ok(out.body.includes("Vigil is running failover of kv-3 — escalation held until 14:02:10Z"), `${format}: ${out.body}`);
    }
    const email = renderPageText(source("email", null, null), sample()).body;
    assert.ok(email.includes("Acknowledge: https://vigil.example.com/api/v1/pages/act/sample-acknowledge-token"));
    assert.ok(email.includes("• Replica group kv-3 has no primary (node kv-3-a) since 2026-12-03 14:00:01Z"));
  });

  it("says ACK and RESOLVED, the recovery's timeline, and caps alert lines at 20", () => {
    const base = sample();
    const alerts = Array.from({ length: 23 }, (_, i) => ({ ...base.notification.alerts[0], fingerprint: `f${i}`, status: "resolved" as const, labels: { ...base.notification.alerts[0].labels, node: `kv-3-${i}` } }));
    const recovery = { ...base.recovery!, state: "succeeded", summary: "kv-3-b promoted", timeline: [...base.recovery!.timeline, { step: "promotion", at: NOW + 2_000 }, { step: "first write", at: NOW + 3_000 }] };
    const resolved = renderPageText(source("email", null, null), { ...base, action: "resolve", recovery, notification: { ...base.notification, status: "resolved", alerts } });
    assert.equal(resolved.title, "[RESOLVED] GroupWithoutPrimary kv-3 (+22)");
    assert.ok(resolved.body.includes("Vigil recovered it: kv-3-b promoted (detection 14:00:01 → confirmation 14:00:05 → promotion 14:00:12 → first write 14:00:13)"), resolved.body);
    assert.equal(resolved.body.split("\n").filter((l) => l.startsWith("✓ ")).length, 20);
    assert.ok(resolved.body.includes("… and 3 more"));
    assert.equal(renderPageText(source("slack", null, null), { ...base, action: "acknowledge" }).title, "[ACK] GroupWithoutPrimary kv-3 (+1)");
  });

  it("falls back to the default on a syntax error and says why", () => {
    const out = renderPageText(source("slack", "{% if %}", "{{ summary | no_such_filter }}"), sample());
    assert.equal(out.title, "[CRITICAL] GroupWithoutPrimary kv-3 (+1)");
    assert.ok(out.body.startsWith("Replica group kv-3 has no primary"));
    assert.equal(out.errors.length, 2);
    assert.match(out.errors[0], /^title template: /);
    assert.match(out.errors[1], /no_such_filter/);
    assert.match(templateProblem("{% for a in alerts %}") ?? "", /for/);
    assert.equal(templateProblem("{{ alertname }}"), null);
  });

  it("falls back on a runtime error and on a title that renders to nothing", () => {
    const out = renderPageText(source("email", "{% if recovery %}{% endif %}", "{{ alerts | sort: 'x' | map: 'labels' | join: ',' }}{% include page.id %}"), sample());
    assert.equal(out.title, "[CRITICAL] GroupWithoutPrimary kv-3 (+1)");
    assert.ok(out.body.includes("2 firing, 0 resolved"));
    assert.equal(out.errors.length, 2, out.errors.join(" | "));
    assert.match(out.errors[0], /renders to nothing/);
  });

  it("exposes no prototype, constructor or JavaScript", () => {
    const probe = "[{{ alerts.constructor }}][{{ links.constructor.name }}][{{ page.__proto__ }}][{{ alerts.first.labels.hasOwnProperty }}][{{ summary.constructor.constructor }}][{{ groupLabels.toString }}][{{ alerts[0].constructor }}][{{ alerts[0]['constructor'] }}]";
    const out = renderPageText(source("slack", probe, probe), sample());
    assert.deepEqual(out.errors, []);
    assert.equal(out.title, "[][][][][][][][]");
    assert.equal(out.body, "[][][][][][][][]");
  });

  it("stops a runaway loop at a limit and falls back", () => {
    const started = Date.now();
    const out = renderPageText(source("slack", null, "{% for i in (1..100000000) %}x{% endfor %}"), sample());
    assert.ok(Date.now() - started < 2_000, "bounded");
    assert.ok(out.body.startsWith("Replica group kv-3 has no primary"));
    assert.match(out.errors[0], /limit/);
    const slow = renderPageText(source("slack", null, "{% for i in (1..300) %}{% for j in (1..300) %}{% for k in (1..300) %}{% endfor %}{% endfor %}{% endfor %}"), sample());
    assert.match(slow.errors[0] ?? "", /limit/);
  });

  it("reads no file through include, render or layout", () => {
    for (const tag of ["{% include 'x' %}", "{% render '/etc/passwd' %}", "{% include '../../package.json' %}", "{% layout 'package.json' %}x"]) {
      const out = renderPageText(source("slack", null, tag), sample());
      assert.equal(out.errors.length, 1, tag);
      assert.ok(!out.body.includes("root:") && !out.body.includes("dependencies"), tag);
      assert.ok(out.body.startsWith("Replica group kv-3 has no primary"), tag);
    }
  });

  it("keeps the title on one line and bounds both parts", () => {
    const out = renderPageText(source("slack", "a\n\nb {% for i in (1..400) %}x{% endfor %}", "{% for i in (1..5000) %}y{% endfor %}"), sample());
    assert.ok(!out.title.includes("\n"));
    assert.ok(out.title.startsWith("a b xxx"));
    assert.equal(out.title.length, 250);
    assert.equal(out.body.length, 4000);
  });

  it("previews over the sample page in the documented response shape", () => {
    const request = receiverPreviewSchema.parse({ format: "email", titleTemplate: "{{ alertname }} {{ recovery.state }}", bodyTemplate: "{% if %}" });
    const answer = receiverPreviewResultSchema.parse(previewTemplates(request, "https://vigil.example.com", NOW));
    assert.equal(answer.title, "GroupWithoutPrimary running");
    assert.ok(answer.body.includes("Vigil is running failover of kv-3"));
    assert.equal(answer.errors.length, 1);
    assert.deepEqual(answer.fields.map((f) => f.name), TEMPLATE_FIELDS.map((f) => f.name));
    assert.equal(receiverPreviewSchema.safeParse({ format: "email", titleTemplate: "x".repeat(20_001) }).success, false);
  });
});
