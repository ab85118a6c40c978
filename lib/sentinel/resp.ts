/**
 * RESP2 replies as values, and their encoding. Parsing what clients send is redis-parser's job
 * (server.ts); writing a reply is plain framing, so it lives here where tests can read it.
 */
export type Reply =
  | { kind: "simple"; value: string }
  | { kind: "error"; message: string }
  | { kind: "integer"; value: number }
  /** null: the null bulk string (`$-1`). */
  | { kind: "bulk"; value: string | null }
  /** null: the null array (`*-1`), Sentinel's answer for a master it does not know. */
  | { kind: "array"; items: Reply[] | null };

export const simple = (value: string): Reply => ({ kind: "simple", value });
export const OK = simple("OK");
/** `message` starts with the error code (ERR, NOAUTH, WRONGPASS, NOPROTO), like Redis' own. */
export const error = (message: string): Reply => ({ kind: "error", message });
export const integer = (value: number): Reply => ({ kind: "integer", value });
export const bulk = (value: string | number | null): Reply => ({ kind: "bulk", value: value === null ? null : String(value) });
export const array = (items: Reply[] | null): Reply => ({ kind: "array", items });
export const NULL_ARRAY = array(null);

/** Sentinel's field/value replies (SENTINEL master, replicas): a flat array of bulk strings. */
export function fieldArray(fields: readonly (readonly [string, string | number])[]): Reply {
  return array(fields.flatMap(([name, value]) => [bulk(name), bulk(value)]));
}

/** Simple strings and errors are one line: a CR or LF inside would end the frame early. */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ");

function encodeInto(reply: Reply, parts: (string | Buffer)[]): void {
  switch (reply.kind) {
    case "simple":
      parts.push(`+${oneLine(reply.value)}\r\n`);
      return;
    case "error":
      parts.push(`-${oneLine(reply.message)}\r\n`);
      return;
    case "integer":
      parts.push(`:${Math.trunc(reply.value)}\r\n`);
      return;
    case "bulk": {
      if (reply.value === null) {
        parts.push("$-1\r\n");
        return;
      }
      const bytes = Buffer.from(reply.value, "utf8");
      parts.push(`$${bytes.length}\r\n`, bytes, "\r\n");
      return;
    }
    case "array":
      if (reply.items === null) {
        parts.push("*-1\r\n");
        return;
      }
      parts.push(`*${reply.items.length}\r\n`);
      for (const item of reply.items) encodeInto(item, parts);
  }
}

export function encodeReply(reply: Reply): Buffer {
  const parts: (string | Buffer)[] = [];
  encodeInto(reply, parts);
  return Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : part)));
}
