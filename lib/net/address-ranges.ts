/**
 * Which IP addresses are "inside": pure parsing of IPv4/IPv6 addresses and CIDRs, and the
 * classification the outbound client (lib/net/outbound.ts) refuses unless allow-listed.
 * Addresses are compared as 128-bit bigints; IPv4 lives in the IPv4-mapped block ::ffff:0:0/96,
 * so an IPv4-mapped IPv6 address is the IPv4 address it wraps.
 */

export type AddressClass = "public" | "loopback" | "private" | "link-local" | "metadata" | "unspecified" | "multicast" | "reserved";

/** An address as a 128-bit number (IPv4 mapped into ::ffff:0:0/96). */
export type ParsedAddress = { value: bigint; v4: boolean };
export type Cidr = { base: bigint; prefix: number; text: string };

const V4_MAPPED = 0xffffn << 32n;
const FULL = (1n << 128n) - 1n;

function parseV4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    // Decimal only: "010" or "0x7f" are spellings some resolvers read as octal or hex.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseV6(input: string): bigint | null {
  let text = input;
  // A zone ("fe80::1%eth0") names an interface, not another address.
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  if (text.length === 0 || text.length > 45) return null;
  let tail: bigint | null = null;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    tail = parseV4(text.slice(lastColon + 1));
    if (tail === null) return null;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (half: string): string[] | null => (half === "" ? [] : half.split(":"));
  const head = groupsOf(halves[0]);
  const rest = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !rest) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (tail !== null) value = (value & ~0xffffffffn) | tail;
  return value;
}

/** Parses "10.0.0.1", "::1", "[::1]", "::ffff:127.0.0.1"; null when it is not an IP address. */
export function parseAddress(input: string): ParsedAddress | null {
  const text = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  const v4 = parseV4(text);
  if (v4 !== null) return { value: V4_MAPPED | v4, v4: true };
  const v6 = parseV6(text);
  if (v6 === null) return null;
  // IPv4-mapped IPv6 is the IPv4 address it wraps: "::ffff:127.0.0.1" is loopback.
  return { value: v6, v4: v6 >> 32n === 0xffffn };
}

/** "10.0.0.0/8", "fc00::/7", or a bare address (a /32 or /128). Throws on anything else. */
export function parseCidr(input: string): Cidr {
  const text = input.trim();
  const slash = text.indexOf("/");
  const address = parseAddress(slash >= 0 ? text.slice(0, slash) : text);
  if (!address) throw new Error(`not an IP address or CIDR: ${input}`);
  const maxPrefix = address.v4 ? 32 : 128;
  const prefixText = slash >= 0 ? text.slice(slash + 1) : String(maxPrefix);
  if (!/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) throw new Error(`bad prefix length in ${input} (0 to ${maxPrefix})`);
  const prefix = Number(prefixText) + (address.v4 ? 96 : 0);
  return { base: address.value & maskOf(prefix), prefix, text };
}

function maskOf(prefix: number): bigint {
  return prefix === 0 ? 0n : (FULL << BigInt(128 - prefix)) & FULL;
}

export function cidrContains(cidr: Cidr, address: ParsedAddress): boolean {
  return (address.value & maskOf(cidr.prefix)) === cidr.base;
}

const ranges = (entries: readonly string[]): Cidr[] => entries.map(parseCidr);

/** Cloud metadata services: the classic first target of a server-side request forgery. */
const METADATA = ranges(["169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32"]);
const CLASSES: readonly { name: Exclude<AddressClass, "public" | "metadata">; cidrs: Cidr[] }[] = [
  { name: "unspecified", cidrs: ranges(["0.0.0.0/8", "::/128"]) },
  { name: "loopback", cidrs: ranges(["127.0.0.0/8", "::1/128"]) },
  { name: "private", cidrs: ranges(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"]) },
  { name: "link-local", cidrs: ranges(["169.254.0.0/16", "fe80::/10"]) },
  { name: "multicast", cidrs: ranges(["224.0.0.0/4", "ff00::/8"]) },
  // Broadcast, "reserved for future use", and IPv6 transition prefixes that embed an IPv4
  // address (NAT64, 6to4, Teredo) a gateway would reach on our behalf.
  { name: "reserved", cidrs: ranges(["240.0.0.0/4", "64:ff9b::/96", "64:ff9b:1::/48", "2002::/16", "2001::/32", "::/96"]) },
];

export function classifyAddress(address: ParsedAddress): AddressClass {
  if (METADATA.some((cidr) => cidrContains(cidr, address))) return "metadata";
  return CLASSES.find((entry) => entry.cidrs.some((cidr) => cidrContains(cidr, address)))?.name ?? "public";
}

/** The address's class, or null when the text is not an IP address. */
export function classifyIp(text: string): AddressClass | null {
  const address = parseAddress(text);
  return address ? classifyAddress(address) : null;
}

export type AddressVerdict = { allowed: true; class: AddressClass } | { allowed: false; class: AddressClass };

/** Public addresses pass; every other class only inside one of the operator's allowed ranges. */
export function checkAddress(text: string, allow: readonly Cidr[]): AddressVerdict {
  const address = parseAddress(text);
  // Not an address at all: nothing we could vouch for.
  if (!address) return { allowed: false, class: "reserved" };
  const found = classifyAddress(address);
  if (found === "public") return { allowed: true, class: found };
  return { allowed: allow.some((cidr) => cidrContains(cidr, address)), class: found };
}

/** Whether `text` is a CIDR `parseCidr` accepts (prefix in range, address well formed). */
export function isCidr(text: string): boolean {
  try {
    parseCidr(text);
    return true;
  } catch {
    return false;
  }
}
