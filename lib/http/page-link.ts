import "server-only";
import type { LinkPreview } from "../protocol/api/pages";
import { getDb } from "../store/prisma";
import { describeLink } from "../store/page-links";

/**
 * What the public link page (app/p/[token]/page.tsx) shows: the link's subject and state, read
 * only. The act is the POST of /api/v1/links/{token}, after a person clicks.
 */
export async function describePageLink(token: string): Promise<LinkPreview> {
  return describeLink(await getDb(), token, Date.now());
}
