/**
 * Which browser pages may open the `/ui` socket (pure; `ui-origin.test.ts`). A browser sends the
 * session cookie with any page's WebSocket, so without this check a foreign page could read the
 * live feed in the user's name (cross-site WebSocket hijacking). A bearer token is not sent by the
 * browser on its own, so a client without an Origin (scripts, other services) may use one.
 * "Vigil's own" is what the HTTP CSRF check means by it (`lib/http/origin.ts`).
 */
import { isOwnOrigin, ownHosts } from "../http/origin";

export type HandshakeOrigin = {
  /** The Origin header, when the client sent one. */
  origin: string | null;
  /** The Host and X-Forwarded-Host headers the request came in with. */
  host: string | null;
  forwardedHost: string | null;
  /** VIGIL_EXTERNAL_URL (config.externalUrl): the address operators open Vigil at behind a proxy. */
  externalUrl: string;
  /** The handshake authenticates with a bearer token rather than the session cookie. */
  bearer: boolean;
};

/** Null when the handshake may go on, else why not (said to the client). */
export function originProblem({ origin, host, forwardedHost, externalUrl, bearer }: HandshakeOrigin): string | null {
  if (origin === null || origin === "") {
    return bearer ? null : "a browser handshake without an Origin header is refused: open Vigil's own pages, or authenticate with an API token";
  }
  if (isOwnOrigin(origin, ownHosts({ host, forwardedHost }, externalUrl))) return null;
  return `origin ${origin.slice(0, 200)} may not open Vigil's live feed: only pages served by this Vigil (VIGIL_EXTERNAL_URL or the request's host) may`;
}
