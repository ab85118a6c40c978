/**
 * The one HTTP client for requests Vigil makes to addresses operators configure (webhook
 * receivers, recovery hooks): a server-side request forgery must not reach loopback, private,
 * link-local or cloud-metadata addresses unless the operator allow-listed them
 * (VIGIL_OUTBOUND_ALLOW).
 *
 * The hostname is resolved once; every address it resolves to is checked (one internal address
 * refuses the lot: DNS answers rotate); the connection goes to the addresses checked, through
 * the socket's `lookup` hook, so a second resolution cannot swap in another (DNS rebinding).
 * The URL's hostname stays the Host header and the TLS server name.
 *
 * Failures without an HTTP status are one message for callers ("refused" and "timed out" look
 * alike, or the receiver log is a port scanner); the cause goes to the server log only. A
 * destination refused by the check is told apart: that is decided before any packet leaves.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { redactUrl } from "../auth/redaction";
import { getConfig } from "../config";
import { checkAddress, parseAddress, parseCidr, type AddressClass, type Cidr } from "./address-ranges";

export const NO_RESPONSE_ERROR = "no response: could not connect or timed out";
export const BLOCKED_ERROR = "destination not allowed (internal address; see VIGIL_OUTBOUND_ALLOW)";

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Every address a hostname resolves to (getaddrinfo order). Injected by tests. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type OutboundRequest = {
  url: string;
  method?: "GET" | "POST" | "PUT";
  headers?: Record<string, string>;
  body?: string;
  /** Bounds the whole exchange: resolution, connection, answer and its body. */
  timeoutMs: number;
  /** Keeps at most this many bytes of the answer's body; the rest is never downloaded. */
  responseLimit: number;
};

export type OutboundResult =
  | { ok: true; status: number; headers: Record<string, string>; body: string; latencyMs: number }
  /** `blocked`: refused by the check, nothing sent. `error` is what callers may read; `cause` is for the server log. */
  | { ok: false; status: null; blocked: boolean; error: string; cause: string; latencyMs: number };

export type OutboundOptions = {
  /** Internal ranges that may be reached; default: VIGIL_OUTBOUND_ALLOW. */
  allow?: readonly Cidr[];
  resolve?: Resolver;
  /** Where the cause of a failure goes; default: console.warn. */
  log?: (line: string) => void;
};

const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

let parsedAllow: { source: readonly string[]; cidrs: Cidr[] } | null = null;

/** VIGIL_OUTBOUND_ALLOW as ranges, parsed once per configuration. */
export function configuredAllowList(): Cidr[] {
  const source = getConfig().outboundAllow;
  if (parsedAllow?.source !== source) parsedAllow = { source, cidrs: source.map(parseCidr) };
  return parsedAllow.cidrs;
}

/** Keep-alive pools: a pooled socket was connected to an address checked when it was opened. */
const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

class Refused extends Error {
  constructor(
    message: string,
    readonly blocked: boolean,
  ) {
    super(message);
  }
}

export type CheckedDestination = { addresses: ResolvedAddress[] };

/**
 * The addresses `hostname` may be reached at, each checked, or a Refused error naming the first
 * internal one. A literal IP is checked as it is, without resolving.
 */
export async function resolveChecked(hostname: string, allow: readonly Cidr[], resolve: Resolver): Promise<CheckedDestination> {
  const literal = parseAddress(hostname);
  const host = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  const addresses: ResolvedAddress[] = literal ? [{ address: host, family: literal.v4 && !host.includes(":") ? 4 : 6 }] : await resolve(host);
  if (addresses.length === 0) throw new Refused(`${hostname} resolved to no address`, false);
  const refused = addresses
    .map((entry) => ({ entry, verdict: checkAddress(entry.address, allow) }))
    .find(({ verdict }) => !verdict.allowed);
  if (refused) throw new Refused(`${hostname} resolves to ${refused.entry.address} (${refused.verdict.class satisfies AddressClass}), outside VIGIL_OUTBOUND_ALLOW`, true);
  return { addresses };
}

/** A socket `lookup` that answers only the addresses already checked: no second resolution. */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = typeof options === "object" && options !== null ? options.family : undefined;
    const wanted = family === 4 || family === 6 ? addresses.filter((entry) => entry.family === family) : addresses;
    if (wanted.length === 0) {
      callback(Object.assign(new Error("no checked address of the requested family"), { code: "ENOTFOUND" }), "", 4);
      return;
    }
    if (typeof options === "object" && options !== null && options.all) {
      (callback as unknown as (error: null, all: ResolvedAddress[]) => void)(null, [...wanted]);
      return;
    }
    callback(null, wanted[0].address, wanted[0].family);
  };
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  if (error.name === "TimeoutError" || error.name === "AbortError") return "timeout";
  return typeof code === "string" ? `${code}: ${error.message}` : error.message;
}

function send(url: URL, request: OutboundRequest, addresses: readonly ResolvedAddress[], signal: AbortSignal): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const isHttps = url.protocol === "https:";
  const literal = parseAddress(url.hostname) !== null;
  return new Promise((resolve, reject) => {
    const outgoing = (isHttps ? https : http).request(
      {
        protocol: url.protocol,
        // Brackets belong to the URL, not to the socket's host.
        hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: url.port || (isHttps ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: request.method ?? "POST",
        headers: request.headers,
        agent: agents[isHttps ? "https:" : "http:"],
        // A literal IP never reaches `lookup` (net connects to it directly), and it was checked as is.
        ...(literal ? {} : { lookup: pinnedLookup(addresses) }),
        ...(isHttps && !literal ? { servername: url.hostname } : {}),
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
          resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).subarray(0, request.responseLimit).toString("utf8") });
        };
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.byteLength;
          // A receiver may answer with megabytes: stop reading, keep the socket from being reused.
          if (size >= request.responseLimit) {
            response.destroy();
            finish();
          }
        });
        response.on("end", finish);
        // The status is the answer; a body cut short (timeout, reset) does not undo it.
        response.on("error", finish);
        response.on("aborted", finish);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

/** Sends one request under the rules above; never throws. */
export async function outboundRequest(request: OutboundRequest, options: OutboundOptions = {}): Promise<OutboundResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  const log = options.log ?? ((line: string) => console.warn(line));
  const fail = (blocked: boolean, cause: string, error = blocked ? BLOCKED_ERROR : NO_RESPONSE_ERROR): OutboundResult => {
    log(`[outbound] ${request.method ?? "POST"} ${redactUrl(request.url)} ${blocked ? "refused" : "failed"}: ${cause}`);
    return { ok: false, status: null, blocked, error, cause, latencyMs: elapsed() };
  };
  const url = URL.canParse(request.url) ? new URL(request.url) : null;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) return fail(true, "not an http or https URL", "not a valid http or https URL");
  const signal = AbortSignal.timeout(request.timeoutMs);
  let checked: CheckedDestination;
  try {
    const aborted = new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
    checked = await Promise.race([resolveChecked(url.hostname, options.allow ?? configuredAllowList(), options.resolve ?? systemResolver), aborted]);
  } catch (error) {
    return fail(error instanceof Refused && error.blocked, describeCause(error));
  }
  try {
    const answer = await send(url, request, checked.addresses, signal);
    return { ok: true, status: answer.status, headers: answer.headers, body: answer.body, latencyMs: elapsed() };
  } catch (error) {
    return fail(false, describeCause(error));
  }
}
