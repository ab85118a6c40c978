import { apiRoute, readQuery } from "@/lib/http/api-route";
import { ringQuerySchema } from "@/lib/protocol/api/ring";
import { ringView } from "@/lib/store/ring";

export const GET = apiRoute("viewer", async ({ db, url }) => {
  const { tokens } = readQuery(url, ringQuerySchema);
  return ringView(db, Date.now(), tokens === "1" || tokens === "true");
});
