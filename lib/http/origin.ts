/**
 * Whether a browser request comes from Vigil's own pages. Browsers send `Origin` on every
 * cross-origin request and on same-origin POSTs, and `Sec-Fetch-Site` on all requests; a
 * cookie-authenticated change must carry one of them (scripts use bearer tokens instead).
 */
export type OriginHeaders = {
  origin: string | null;
  secFetchSite: string | null;
  host: string | null;
  forwardedHost: string | null;
};

/** The hosts (host[:port]) a page of this Vigil may be served from. */
export function ownHosts(headers: Pick<OriginHeaders, "host" | "forwardedHost">, externalUrl: string): Set<string> {
  const hosts = new Set<string>();
  if (headers.host) hosts.add(headers.host.toLowerCase());
  const forwarded = headers.forwardedHost?.split(",")[0]?.trim();
  if (forwarded) hosts.add(forwarded.toLowerCase());
  try {
    hosts.add(new URL(externalUrl).host.toLowerCase());
  } catch {
    // An unusable external URL adds nothing.
  }
  return hosts;
}

/** Compares origins by host (and port), never by string prefix: "vigil.example.evil.com" is not "vigil.example". */
export function isOwnOrigin(origin: string, hosts: ReadonlySet<string>): boolean {
  if (origin === "null") return false;
  try {
    const parsed = new URL(origin);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
    return hosts.has(parsed.host.toLowerCase());
  } catch {
    return false;
  }
}

/** A request that says it was sent by Vigil's own pages. */
export function isSameOriginRequest(headers: OriginHeaders, externalUrl: string): boolean {
  if (headers.origin !== null) return isOwnOrigin(headers.origin, ownHosts(headers, externalUrl));
  return headers.secFetchSite === "same-origin";
}

export function originHeadersOf(headers: Headers): OriginHeaders {
  return {
    origin: headers.get("origin"),
    secFetchSite: headers.get("sec-fetch-site"),
    host: headers.get("host"),
    forwardedHost: headers.get("x-forwarded-host"),
  };
}
