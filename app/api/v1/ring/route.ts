import { z } from "zod";
import { apiRoute, readQuery } from "@/lib/http/api-route";
import { ringView } from "@/lib/store/ring";

const querySchema = z.object({ tokens: z.enum(["0", "1", "true", "false"]).optional() });

export const GET = apiRoute("viewer", async ({ db, url }) => {
  const { tokens } = readQuery(url, querySchema);
  return ringView(db, Date.now(), tokens === "1" || tokens === "true");
});
