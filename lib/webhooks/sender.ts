/**
 * One HTTP POST of a webhook. The only I/O in the delivery path besides the outbox; it never
 * throws, every failure comes back as data for the retry policy.
 */

/** Enough of an answer to show an operator why a receiver said no. */
export const RESPONSE_BODY_LIMIT = 2_048;

export type SendRequest = {
  url: string;
  /** Final headers: custom ones, signature, content type (see `deliveryHeaders`). */
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
};

export type SendResult = {
  /** HTTP status, or null when there was no response (refused, DNS, TLS, timeout). */
  status: number | null;
  latencyMs: number;
  /** At most RESPONSE_BODY_LIMIT bytes of the answer, decoded as UTF-8. */
  responseBody: string;
  /** The Retry-After header when the receiver sent one. */
  retryAfter: string | null;
  error?: string;
};

export type Sender = (request: SendRequest) => Promise<SendResult>;

/** Reads at most `limit` bytes and drops the rest: a receiver may answer with megabytes. */
async function readLimited(response: Response, limit: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    // Cancelling frees the socket without downloading the remainder.
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString("utf8");
}

/** A short, stable description of a fetch failure: the cause's code is what tells them apart. */
export function describeFetchError(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "timeout";
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}

export async function sendWebhook({ url, headers, body, timeoutMs }: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers,
      body,
      // A 301/302 would turn the POST into a GET and drop the body; treat redirects as answers.
      redirect: "manual",
      // Bounds the whole exchange, body included.
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The status is the answer; a body cut short by the timeout does not undo it.
    const responseBody = await readLimited(response, RESPONSE_BODY_LIMIT).catch(() => "");
    return { status: response.status, latencyMs: elapsed(), responseBody, retryAfter: response.headers.get("retry-after") };
  } catch (error) {
    return { status: null, latencyMs: elapsed(), responseBody: "", retryAfter: null, error: describeFetchError(error) };
  }
}
