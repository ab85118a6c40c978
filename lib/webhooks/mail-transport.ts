/**
 * One SMTP attempt of an e-mail delivery, through nodemailer. The server's address is checked
 * with the outbound policy of lib/net/outbound.ts (internal addresses refused unless
 * VIGIL_OUTBOUND_ALLOW lists them) and the connection goes to the checked IP, the host name
 * kept for TLS (SNI and certificate check), so a second DNS answer cannot redirect it.
 *
 * Never throws; the answer is mapped onto the HTTP-shaped result the retry policy reads:
 * SMTP 4xx (try later) → 503 (retried), 5xx (refused: bad auth, unknown mailbox) → 400 (a
 * client error), no answer → status null. The SMTP reply is the response body.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import nodemailer from "nodemailer";
import { configuredAllowList, NO_RESPONSE_ERROR, BLOCKED_ERROR, resolveChecked, type OutboundOptions, type Resolver } from "../net/outbound";
import { emailConfig, emailCredentials, parseSmtpUrl, type MailEnvelope } from "./channels/email";
import { RESPONSE_BODY_LIMIT, type SendResult } from "./sender";
import type { WebhookReceiver } from "./types";

export type MailRequest = { receiver: WebhookReceiver; body: string; timeoutMs: number };
export type MailSender = (request: MailRequest) => Promise<SendResult>;

const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

type SmtpError = Error & { code?: string; responseCode?: number; response?: string };

function noAnswer(startedAt: number, error: string, blocked = false): SendResult {
  return { status: null, latencyMs: Date.now() - startedAt, responseBody: "", retryAfter: null, error, ...(blocked ? { blocked } : {}) };
}

export function createMailSender(options: OutboundOptions = {}): MailSender {
  const log = options.log ?? ((line: string) => console.warn(line));
  return async ({ receiver, body, timeoutMs }) => {
    const startedAt = Date.now();
    const server = parseSmtpUrl(receiver.url);
    const config = emailConfig.safeParse(receiver.config);
    const credentials = emailCredentials.safeParse(receiver.credentials);
    if (!server || !config.success || !credentials.success) return noAnswer(startedAt, "not sent: the e-mail receiver's settings are invalid");
    const envelope = JSON.parse(body) as MailEnvelope;
    if (envelope.to.length === 0) return noAnswer(startedAt, "not sent: no recipient");

    let address: string;
    try {
      const checked = await resolveChecked(server.host, options.allow ?? configuredAllowList(), options.resolve ?? systemResolver);
      address = checked.addresses[0].address;
    } catch (error) {
      const blocked = (error as { blocked?: unknown }).blocked === true;
      log(`smtp ${receiver.id}: ${error instanceof Error ? error.message : String(error)}`);
      return noAnswer(startedAt, blocked ? BLOCKED_ERROR : NO_RESPONSE_ERROR, blocked);
    }

    const { username, password } = credentials.data;
    const transport = nodemailer.createTransport({
      host: address,
      port: server.port,
      secure: server.implicitTls,
      requireTLS: !server.implicitTls && config.data.security === "starttls",
      ignoreTLS: !server.implicitTls && config.data.security === "none",
      auth: username ? { user: username, pass: password ?? "" } : undefined,
      tls: {
        ...(isIP(server.host) ? {} : { servername: server.host }),
        ...(config.data.tlsCa ? { ca: config.data.tlsCa } : {}),
        rejectUnauthorized: !config.data.allowSelfSigned,
      },
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })), timeoutMs);
    });
    try {
      const info = await Promise.race([
        transport.sendMail({ from: envelope.from, to: envelope.to, subject: envelope.subject, text: envelope.text, html: envelope.html, headers: envelope.headers }),
        deadline,
      ]);
      return { status: 250, latencyMs: Date.now() - startedAt, responseBody: String(info.response ?? "").slice(0, RESPONSE_BODY_LIMIT), retryAfter: null };
    } catch (caught) {
      const error = caught as SmtpError;
      const code = typeof error.responseCode === "number" ? error.responseCode : null;
      if (code !== null && code >= 400 && code < 600) {
        return { status: code < 500 ? 503 : 400, latencyMs: Date.now() - startedAt, responseBody: (error.response ?? "").slice(0, RESPONSE_BODY_LIMIT), retryAfter: null, error: `SMTP ${code}` };
      }
      log(`smtp ${receiver.id}: ${error.code ?? ""} ${error.message}`);
      return noAnswer(startedAt, NO_RESPONSE_ERROR);
    } finally {
      clearTimeout(timer);
      transport.close();
    }
  };
}

export const sendMail: MailSender = createMailSender();
