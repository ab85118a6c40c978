/**
 * Each channel's body against the provider's published shape: required fields, limits, escaping,
 * and the dedup key that ties trigger, acknowledge and resolve together.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { PAGE_ACTIONS } from "../message";
import { CHANNELS, checkChannelSettings, type HttpChannel } from ".";
import { newDelivery } from "../delivery";
import { parseSmtpUrl, type MailEnvelope } from "./email";
import { channelReceiver, pageMessage } from "./page-fixtures";

const long = "x".repeat(20_000);

function httpChannel(format: keyof typeof CHANNELS): HttpChannel {
  const channel = CHANNELS[format];
  assert.equal(channel.transport, "http");
  return channel as HttpChannel;
}

test("pagerduty: trigger carries payload and links, ack/resolve only routing_key, dedup_key, event_action", () => {
  const receiver = channelReceiver("pagerduty", "https://events.pagerduty.com/", { source: "vigil-prod" }, { routingKey: "R0UTING" });
  const channel = httpChannel("pagerduty");
  const sent = PAGE_ACTIONS.map((action) => {
    const request = channel.request(channel.body(pageMessage(action, { title: long }), receiver), receiver);
    assert.equal(request.url, "https://events.pagerduty.com/v2/enqueue");
    return JSON.parse(request.body) as Record<string, unknown>;
  });
  const [trigger, ack, resolve] = sent;
  assert.equal(trigger.routing_key, "R0UTING");
  assert.equal(trigger.event_action, "trigger");
  const payload = trigger.payload as { summary: string; source: string; severity: string; custom_details: Record<string, unknown> };
  assert.equal(payload.summary.length, 1024);
  assert.equal(payload.source, "vigil-prod");
  assert.ok(["critical", "error", "warning", "info"].includes(payload.severity));
  assert.deepEqual(trigger.links, [
    { href: "https://vigil.example/p/ack-token", text: "Acknowledge" },
    { href: "https://vigil.example/p/resolve-token", text: "Resolve" },
    { href: "https://vigil.example/pages/page-42", text: "Open in Vigil" },
  ]);
  assert.deepEqual(ack, { routing_key: "R0UTING", event_action: "acknowledge", dedup_key: "vigil-page-42" });
  assert.deepEqual(resolve, { routing_key: "R0UTING", event_action: "resolve", dedup_key: "vigil-page-42" });
  assert.equal(trigger.dedup_key, "vigil-page-42");
  // The secret never enters what the outbox stores (the delivery log shows it to every role).
  assert.ok(!channel.body(pageMessage("trigger"), receiver).includes("R0UTING"));
});

test("opsgenie: create with limits and priority, acknowledge and close by the same alias", () => {
  const receiver = channelReceiver("opsgenie", "https://api.opsgenie.com", { tags: ["db"] }, { apiKey: "genie-key" });
  const channel = httpChannel("opsgenie");
  const [create, ack, close] = PAGE_ACTIONS.map((action) => channel.request(channel.body(pageMessage(action, { title: long, body: long }), receiver), receiver));
  assert.equal(create.url, "https://api.opsgenie.com/v2/alerts");
  assert.equal(create.headers.authorization, "GenieKey genie-key");
  const body = JSON.parse(create.body) as { message: string; alias: string; description: string; priority: string; details: Record<string, string>; source: string; tags: string[] };
  assert.equal(body.message.length, 130);
  assert.ok(body.description.length <= 15_000);
  assert.equal(body.alias, "vigil-page-42");
  assert.equal(body.priority, "P1");
  assert.ok(Object.values(body.details).every((value) => typeof value === "string"));
  assert.equal(body.details.acknowledge, "https://vigil.example/p/ack-token");
  assert.deepEqual(body.tags, ["critical", "db"]);
  assert.equal(ack.url, "https://api.opsgenie.com/v2/alerts/vigil-page-42/acknowledge?identifierType=alias");
  assert.equal(close.url, "https://api.opsgenie.com/v2/alerts/vigil-page-42/close?identifierType=alias");
  assert.equal(JSON.parse(close.body).source, "Vigil");
  assert.equal(channel.request(channel.body(pageMessage("trigger", { severity: "warning" }), receiver), receiver).body.includes('"priority":"P3"'), true);
});

test("telegram: HTML-escaped text, the links as URL buttons, the token in the path only", () => {
  const receiver = channelReceiver("telegram", "https://api.telegram.org", { chatId: "-100123" }, { botToken: "123:ABC_def" });
  const channel = httpChannel("telegram");
  const stored = channel.body(pageMessage("trigger"), receiver);
  const request = channel.request(stored, receiver);
  assert.equal(request.url, "https://api.telegram.org/bot123:ABC_def/sendMessage");
  assert.ok(!stored.includes("ABC_def"));
  const body = JSON.parse(request.body) as { chat_id: string; text: string; parse_mode: string; reply_markup: { inline_keyboard: { text: string; url: string }[][] } };
  assert.equal(body.chat_id, "-100123");
  assert.equal(body.parse_mode, "HTML");
  assert.ok(body.text.startsWith("<b>[CRITICAL] NodeDown &lt;eu-1&gt; &amp; friends</b>"));
  assert.ok(!/<(?!\/?b>)/.test(body.text), "no tag but <b> survives escaping");
  assert.deepEqual(body.reply_markup.inline_keyboard, [
    [
      { text: "Acknowledge", url: "https://vigil.example/p/ack-token" },
      { text: "Resolve", url: "https://vigil.example/p/resolve-token" },
      { text: "Open in Vigil", url: "https://vigil.example/pages/page-42" },
    ],
  ]);
  const huge = JSON.parse(channel.body(pageMessage("trigger", { body: "<".repeat(10_000) }), receiver)) as { text: string };
  assert.ok(!huge.text.endsWith("&lt"), "an entity is never cut");
});

test("teams: an Adaptive Card 1.4 message with Action.OpenUrl links", () => {
  const receiver = channelReceiver("teams", "https://example.webhook.office.com/webhookb2/x");
  const channel = httpChannel("teams");
  const request = channel.request(channel.body(pageMessage("trigger"), receiver), receiver);
  assert.equal(request.url, receiver.url);
  const body = JSON.parse(request.body);
  assert.equal(body.type, "message");
  assert.equal(body.attachments.length, 1);
  const { contentType, content } = body.attachments[0];
  assert.equal(contentType, "application/vnd.microsoft.card.adaptive");
  assert.equal(content.type, "AdaptiveCard");
  assert.equal(content.version, "1.4");
  assert.match(content.$schema, /adaptive-card\.json$/);
  assert.ok(content.body.every((block: { type: string; text: string }) => block.type === "TextBlock" && typeof block.text === "string"));
  assert.deepEqual(
    content.actions.map((action: { type: string; title: string }) => [action.type, action.title]),
    [
      ["Action.OpenUrl", "Acknowledge"],
      ["Action.OpenUrl", "Resolve"],
      ["Action.OpenUrl", "Open in Vigil"],
    ],
  );
});

test("discord: one embed within limits, links in the description, no mass mentions", () => {
  const receiver = channelReceiver("discord", "https://discord.com/api/webhooks/1/x", { content: "<@&42> paging" });
  const channel = httpChannel("discord");
  const body = JSON.parse(channel.body(pageMessage("trigger", { title: long, body: long }), receiver));
  const [embed] = body.embeds;
  assert.equal(embed.title.length, 256);
  assert.ok(embed.description.length <= 4096);
  assert.ok(embed.description.endsWith("[Acknowledge](https://vigil.example/p/ack-token) · [Resolve](https://vigil.example/p/resolve-token) · [Open in Vigil](https://vigil.example/pages/page-42)"));
  assert.equal(typeof embed.color, "number");
  assert.equal(embed.url, "https://vigil.example/pages/page-42");
  assert.deepEqual(body.allowed_mentions, { parse: [], roles: ["42"] });
  assert.equal(body.content, "<@&42> paging");
  const resolved = JSON.parse(channel.body(pageMessage("resolve"), receiver));
  assert.equal(resolved.embeds[0].color, 0x2eb886);
});

test("ntfy: topic, priority 1–5, at most three view actions, Bearer token at send time", () => {
  const receiver = channelReceiver("ntfy", "https://ntfy.example/", { topic: "ops-pager" }, { token: "tk_1" });
  const channel = httpChannel("ntfy");
  const message = pageMessage("trigger", { links: { view: "https://v/1", acknowledge: "https://v/2", resolve: "https://v/3", approve: "https://v/4", deny: "https://v/5" } });
  const request = channel.request(channel.body(message, receiver), receiver);
  assert.equal(request.url, "https://ntfy.example");
  assert.equal(request.headers.authorization, "Bearer tk_1");
  const body = JSON.parse(request.body);
  assert.equal(body.topic, "ops-pager");
  assert.equal(body.priority, 5);
  assert.equal(body.click, "https://v/1");
  assert.equal(body.actions.length, 3);
  assert.ok(body.actions.every((action: { action: string }) => action.action === "view"));
  const noToken = channelReceiver("ntfy", "https://ntfy.sh", { topic: "t" });
  assert.equal(channel.request(channel.body(message, noToken), noToken).headers.authorization, undefined);
});

test("email: subject is the title, text has the links, a contact's address replaces the default recipients, one thread per page", () => {
  const receiver = channelReceiver("email", "smtp://mail.example:587", { from: "vigil@example.com", to: ["ops@example.com"] });
  const envelopes = PAGE_ACTIONS.map((action) => JSON.parse(CHANNELS.email.body(pageMessage(action), receiver)) as MailEnvelope);
  assert.equal(envelopes[0].subject, "[CRITICAL] NodeDown <eu-1> & friends");
  assert.deepEqual(envelopes[0].to, ["ops@example.com"]);
  assert.match(envelopes[0].text, /Acknowledge: https:\/\/vigil\.example\/p\/ack-token/);
  assert.match(envelopes[0].html, /&lt;eu-1&gt; &amp; friends/);
  assert.equal(new Set(envelopes.map((envelope) => envelope.headers.References)).size, 1);
  const personal = JSON.parse(CHANNELS.email.body(pageMessage("trigger", { recipient: "alice@example.com" }), receiver)) as MailEnvelope;
  assert.deepEqual(personal.to, ["alice@example.com"]);
  const injected = JSON.parse(CHANNELS.email.body(pageMessage("trigger", { title: "a\r\nBcc: evil@example.com" }), receiver)) as MailEnvelope;
  assert.ok(!/[\r\n]/.test(injected.subject));
});

test("settings are checked per format; smtp URLs parse", () => {
  assert.equal(checkChannelSettings("pagerduty", {}, {}).ok, false);
  assert.equal(checkChannelSettings("telegram", { chatId: "not a chat" }, { botToken: "1:a" }).ok, false);
  assert.equal(checkChannelSettings("email", { from: "v@example.com" }, {}).ok, true);
  assert.equal(checkChannelSettings("vigil", { anything: 1 }, {}).ok, true);
  assert.deepEqual(parseSmtpUrl("smtps://mail.example"), { host: "mail.example", port: 465, implicitTls: true });
  assert.deepEqual(parseSmtpUrl("smtp://mail.example:2525"), { host: "mail.example", port: 2525, implicitTls: false });
  assert.equal(parseSmtpUrl("https://mail.example"), null);
  assert.equal(parseSmtpUrl("smtp://user@mail.example"), null);
});

test("the signed webhook formats carry the page: vigil a `page` object, slack the links in the attachment", () => {
  const context = { webhookId: "msg_1", now: Date.parse("2026-12-03T06:00:00Z"), externalURL: "https://vigil.example" };
  const vigil = JSON.parse(newDelivery(pageMessage("trigger"), channelReceiver("vigil", "https://hooks.example/v"), context).body);
  assert.deepEqual(vigil.page, {
    id: "page-42",
    action: "trigger",
    step: 1,
    links: { view: "https://vigil.example/pages/page-42", acknowledge: "https://vigil.example/p/ack-token", resolve: "https://vigil.example/p/resolve-token", approve: null, deny: null },
    recovery: null,
  });
  const slack = JSON.parse(newDelivery(pageMessage("trigger"), channelReceiver("slack", "https://hooks.slack.com/services/x"), context).body);
  assert.ok(
    slack.attachments[0].text.endsWith("<https://vigil.example/p/ack-token|Acknowledge> · <https://vigil.example/p/resolve-token|Resolve> · <https://vigil.example/pages/page-42|Open in Vigil>"),
    slack.attachments[0].text,
  );
  // A "|" or ">" in a URL would end Slack's link early; they are percent-encoded.
  const odd = JSON.parse(newDelivery(pageMessage("trigger", { links: { view: "https://v/a|b>c", acknowledge: null, resolve: null, approve: null, deny: null } }), channelReceiver("slack", "https://hooks.slack.com/services/x"), context).body);
  assert.match(odd.attachments[0].text, /<https:\/\/v\/a%7Cb%3Ec\|Open in Vigil>$/);
  // Alertmanager's payload is Alertmanager's: no additions a strict consumer could reject.
  const am = JSON.parse(newDelivery(pageMessage("trigger"), channelReceiver("alertmanager", "https://hooks.example/am"), context).body);
  assert.equal(am.page, undefined);
  assert.equal(am.version, "4");
});
