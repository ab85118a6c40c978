/**
 * The consistent-hash ring: pure data in, decisions out (no I/O, no clock).
 *
 * Hash: XXH32, seed 0, over UTF-8 bytes, for tokens (`${groupId}#${vnodeIndex}`) and keys alike.
 * A key belongs to the first token ≥ hashKey(key), wrapping past 2^32-1 to the first token.
 * Ranges are inclusive at both ends and never wrap.
 */
export { RingError, type RingErrorReason } from "./ring-error";
export {
  DEFAULT_VNODES_PER_WEIGHT,
  MAX_GROUP_WEIGHT,
  MAX_GROUPS,
  MAX_RING_TOKENS,
  MAX_VNODES_PER_WEIGHT,
  ringChangeSchema,
  ringGroupIdSchema,
  ringGroupSchema,
  ringMembershipSchema,
  ringWeightSchema,
  vnodeCount,
  type RingChange,
  type RingGroupSpec,
  type RingMembership,
  type RingOptions,
} from "./membership";
export { hashKey, RING_HASH_SEED, xxh32Bytes } from "./xxh32";
export { buildRing, lookupKey, lookupPosition, ownerOf, ownerOfHash, ringBytes, type Ring, type RingGroup, type RingLookup } from "./build";
export { imbalance, KEYSPACE, ownership, ownershipByNode, type GroupOwnership, type NodeOwnership, type RingImbalance } from "./ownership";
export { MAX_HASH, rangesOwnedBy, ringRanges, type OwnedRange, type RingRange } from "./ranges";
export { diffRings, type MovedRange, type RingDiff, type RingMove } from "./diff";
export {
  applyChange,
  assertNextEpoch,
  commitChange,
  firstEpoch,
  isNewerEpoch,
  previewChange,
  ringEpochSchema,
  type CommittedRingChange,
  type RingChangePreview,
  type RingEpoch,
} from "./change";
