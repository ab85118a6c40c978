import assert from "node:assert/strict";
import { test } from "node:test";
import { checkAddress, cidrContains, classifyIp, isCidr, parseAddress, parseCidr } from "./address-ranges";

test("classifies IPv4 and IPv6 addresses", () => {
  const cases: [string, string][] = [
    ["8.8.8.8", "public"],
    ["2606:4700::1111", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["100.127.255.255", "private"],
    ["100.128.0.1", "public"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.10.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["64:ff9b::7f00:1", "reserved"],
    ["2002:7f00:1::", "reserved"],
  ];
  for (const [address, expected] of cases) assert.equal(classifyIp(address), expected, address);
});

test("IPv4-mapped IPv6 addresses are the IPv4 address they wrap", () => {
  assert.equal(classifyIp("::ffff:127.0.0.1"), "loopback");
  assert.equal(classifyIp("::ffff:7f00:1"), "loopback");
  assert.equal(classifyIp("[::ffff:169.254.169.254]"), "metadata");
  assert.equal(classifyIp("::ffff:10.0.0.1"), "private");
  assert.equal(classifyIp("::ffff:8.8.8.8"), "public");
});

test("parses addresses strictly", () => {
  for (const bad of ["", "localhost", "1.2.3", "1.2.3.4.5", "256.0.0.1", "010.0.0.1", "0x7f.0.0.1", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", ":::"]) {
    assert.equal(parseAddress(bad), null, bad);
  }
  assert.ok(parseAddress("1:2:3:4:5:6:7:8"));
  assert.ok(parseAddress("::ffff:1.2.3.4"));
  assert.equal(parseAddress("::1")?.value, 1n);
});

test("parses CIDRs of both families, bare addresses as single hosts", () => {
  const loopback = parseCidr("127.0.0.0/8");
  assert.ok(cidrContains(loopback, parseAddress("127.9.9.9")!));
  assert.ok(!cidrContains(loopback, parseAddress("128.0.0.1")!));
  // Host bits in the base are ignored, as `ip route` does.
  assert.ok(cidrContains(parseCidr("10.1.2.3/8"), parseAddress("10.200.0.1")!));
  const v6 = parseCidr("fd00::/8");
  assert.ok(cidrContains(v6, parseAddress("fd12::1")!));
  assert.ok(!cidrContains(v6, parseAddress("fc00::1")!));
  const host = parseCidr("192.168.1.5");
  assert.ok(cidrContains(host, parseAddress("192.168.1.5")!));
  assert.ok(!cidrContains(host, parseAddress("192.168.1.6")!));
  // An IPv4 range never contains an IPv6 address outside the mapped block.
  assert.ok(!cidrContains(parseCidr("0.0.0.0/0"), parseAddress("::1")!));
  assert.ok(cidrContains(parseCidr("0.0.0.0/0"), parseAddress("::ffff:1.2.3.4")!));
  for (const bad of ["10.0.0.0/33", "::/129", "10.0.0.0/", "nope/8", "10.0.0.0/-1"]) assert.throws(() => parseCidr(bad), bad);
});

test("internal addresses pass only inside the allow-list", () => {
  const allow = ["127.0.0.0/8", "::1/128", "10.20.0.0/16"].map(parseCidr);
  assert.deepEqual(checkAddress("8.8.8.8", []), { allowed: true, class: "public" });
  assert.deepEqual(checkAddress("127.0.0.1", []), { allowed: false, class: "loopback" });
  assert.deepEqual(checkAddress("127.0.0.1", allow), { allowed: true, class: "loopback" });
  assert.deepEqual(checkAddress("::ffff:127.0.0.1", allow), { allowed: true, class: "loopback" });
  assert.deepEqual(checkAddress("10.20.3.4", allow), { allowed: true, class: "private" });
  assert.deepEqual(checkAddress("10.21.3.4", allow), { allowed: false, class: "private" });
  assert.deepEqual(checkAddress("169.254.169.254", allow), { allowed: false, class: "metadata" });
  // Metadata is reachable only when the operator names it (or a range holding it).
  assert.deepEqual(checkAddress("169.254.169.254", [parseCidr("169.254.0.0/16")]), { allowed: true, class: "metadata" });
  assert.equal(checkAddress("not-an-ip", allow).allowed, false);
});

test("isCidr: well-formed ranges only", () => {
  assert.ok(isCidr("10.0.0.0/8") && isCidr("fd00::/8") && isCidr("::1/128"));
  assert.ok(!isCidr("10.0.0.0/33") && !isCidr("300.0.0.0/8") && !isCidr("fd00::/200"));
});
