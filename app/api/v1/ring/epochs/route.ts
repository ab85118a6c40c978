import { apiRoute, readQuery } from "@/lib/http/api-route";
import { ringEpochsQuerySchema } from "@/lib/protocol/api/ring";
import { listRingEpochs } from "@/lib/store/ring";

export const GET = apiRoute("viewer", async ({ db, url }) => listRingEpochs(db, readQuery(url, ringEpochsQuerySchema).limit));
