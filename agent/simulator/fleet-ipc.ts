import { z } from "zod";
import { chaosRequestSchema } from "./chaos-request";
import { fleetConfigSchema } from "./fleet-control";

/** Messages between the simulator's parent process and the children that each run a slice. */

export const fleetSliceSchema = z.object({
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});

export const childRequestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("chaos"), chaos: chaosRequestSchema }),
  z.object({ kind: z.literal("nodes") }),
  z.object({ kind: z.literal("status") }),
  z.object({ kind: z.literal("connected"), timeoutMs: z.number().int().min(0) }),
]);
export type ChildRequest = z.infer<typeof childRequestSchema>;

export const parentMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start"), config: fleetConfigSchema, slice: fleetSliceSchema }),
  z.object({ type: z.literal("request"), id: z.number().int(), request: childRequestSchema }),
  z.object({ type: z.literal("stop") }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

/** A refused request ("bad_request": the chaos named something wrong) or a failure. */
export const childErrorSchema = z.object({ code: z.enum(["bad_request", "internal"]), message: z.string() });

export const childMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  /** `data` is checked against the schema of the request's kind by the parent. */
  z.object({ type: z.literal("reply"), id: z.number().int(), data: z.unknown() }),
  z.object({ type: z.literal("failed"), id: z.number().int(), error: childErrorSchema }),
  /** The server can never accept these agents (protocol mismatch): the child exits after this. */
  z.object({ type: z.literal("fatal"), message: z.string() }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;
