/** Stands in for the page's origin on the server, where there is none: only "same or not" matters. */
const PLACEHOLDER_ORIGIN = "http://vigil.invalid";

/**
 * Where to go after login: a path on Vigil's own origin, else "/". Compared by origin after the
 * browser's own URL parsing, not by string prefix: "//evil.example", "/\\evil.example" and
 * "/\t/evil.example" all parse to another host. The answer is the parsed path, so what the
 * browser is sent to is exactly what was checked.
 */
export function safeNextPath(candidate: string | string[] | undefined, origin = PLACEHOLDER_ORIGIN): string {
  const value = Array.isArray(candidate) ? candidate[0] : candidate;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  if (url.pathname.startsWith("/login") || url.pathname.startsWith("/setup")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
