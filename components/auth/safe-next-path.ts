/** Only same-site paths may follow a login; "//evil.example" and absolute URLs fall back to "/". */
export function safeNextPath(candidate: string | string[] | undefined): string {
  const value = Array.isArray(candidate) ? candidate[0] : candidate;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (value.startsWith("/login") || value.startsWith("/setup")) return "/";
  return value;
}
