/** Just what bench/ring.ts uses of the untyped `hashring` package (ketama-style ring, md5). */
declare module "hashring" {
  type HashRingOptions = { "vnode count"?: number; replicas?: number; "max cache size"?: number; compatibility?: "ketama" | "hash_ring" };
  export default class HashRing {
    constructor(servers: string[] | Record<string, number>, algorithm?: string, options?: HashRingOptions);
    get(key: string): string;
    readonly ring: { value: number; server: string }[];
    readonly size: number;
  }
}
