import { publicRoute } from "@/lib/http/api-route";
import { buildOpenApiDocument } from "@/lib/protocol/api/openapi";
import packageJson from "@/package.json";

/**
 * Public on purpose: the document describes the contract, not the fleet (the same text is in the
 * source), and API tools (Swagger UI, client generators) fetch it before they hold a token.
 */
const document = buildOpenApiDocument(undefined, packageJson.version);

export const GET = publicRoute(async () => document);
