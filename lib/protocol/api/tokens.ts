import { z } from "zod";
import { roleSchema } from "../common";
import { isoSchema, itemsOf } from "./shared";

/** Agent tokens (`/api/v1/agent-tokens`) and API tokens (`/api/v1/api-tokens`), admin only. */

/**
 * What an API token may reach within its role: `read` the GET routes and the `/ui` socket,
 * `write` every other route, `alerts:ingest` only `POST /api/v1/alertmanager` (for an
 * Alertmanager's webhook config, which should hold no more than that).
 */
export const API_SCOPES = ["read", "write", "alerts:ingest"] as const;
export const apiScopeSchema = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof apiScopeSchema>;
export const apiScopesSchema = z.array(apiScopeSchema).min(1).max(API_SCOPES.length);

/** API tokens carry a role and scopes; agent tokens do neither. */
export const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: roleSchema.optional(),
  scopes: apiScopesSchema.optional(),
  createdAt: isoSchema,
  lastUsedAt: isoSchema.nullable(),
  revokedAt: isoSchema.nullable(),
});
export type TokenView = z.infer<typeof tokenViewSchema>;

/** An agent token is an enrollment token: what it may enrol, and how many of those it has. */
export const agentTokenViewSchema = tokenViewSchema.extend({
  nodeGlob: z.string().nullable(),
  maxNodes: z.number().int().nullable(),
  expiresAt: isoSchema.nullable(),
  requireApproval: z.boolean(),
  /** Live connections presenting the token at once, counted per Vigil instance (null: no limit). */
  maxConnections: z.number().int().nullable(),
  enrolledNodes: z.number().int(),
});
export type AgentTokenView = z.infer<typeof agentTokenViewSchema>;

export const newAgentTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** Node ids it may enrol: `*` any run of characters, `?` one (e.g. `db-*`). */
  nodeGlob: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:*?-]+$/, "a node id glob uses letters, digits, . _ : - and the wildcards * and ?")
    .optional(),
  maxNodes: z.number().int().min(1).max(1_000_000).optional(),
  expiresAt: z.string().datetime({ offset: true }).optional(),
  /** Nodes it enrols wait for an operator's approval. */
  requireApproval: z.boolean().default(false),
  /**
   * Live connections that may present the token at once, per Vigil instance: enrolments in
   * progress and version 1 agents (a node connecting with its own credential is not counted, nor
   * a connection whose hello enrolled its node, once it sends its next event).
   */
  maxConnections: z.number().int().min(1).max(1_000_000).optional(),
});
export type NewAgentToken = z.infer<typeof newAgentTokenSchema>;
export const newApiTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: roleSchema.default("viewer"),
  scopes: apiScopesSchema.default(["read", "write"]).transform((scopes) => [...new Set(scopes)]),
});
export type NewApiToken = z.infer<typeof newApiTokenSchema>;

/**
 * A token set by an environment variable (VIGIL_API_TOKEN, VIGIL_AGENT_TOKEN): listed so an admin
 * knows it exists, what it can do and where to change it. Never its value, not even a prefix; it
 * is not in the database, so it cannot be revoked here (unset the variable and restart).
 */
export const ENVIRONMENT_TOKEN_VARIABLES = ["VIGIL_API_TOKEN", "VIGIL_AGENT_TOKEN"] as const;
export const environmentTokenSchema = z.object({
  variable: z.enum(ENVIRONMENT_TOKEN_VARIABLES),
  role: roleSchema.optional(),
  scopes: apiScopesSchema.optional(),
});
export type EnvironmentToken = z.infer<typeof environmentTokenSchema>;

export const tokenListSchema = itemsOf(tokenViewSchema).extend({ environment: z.array(environmentTokenSchema) });
export const tokenItemSchema = z.object({ item: tokenViewSchema });
/** The token itself is answered this once. */
export const createdTokenSchema = z.object({ item: tokenViewSchema, token: z.string() });
export const agentTokenListSchema = itemsOf(agentTokenViewSchema).extend({ environment: z.array(environmentTokenSchema) });
export const agentTokenItemSchema = z.object({ item: agentTokenViewSchema });
export const createdAgentTokenSchema = z.object({ item: agentTokenViewSchema, token: z.string() });
