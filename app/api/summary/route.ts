import { handle, json, parseQuery } from "@/lib/server/http/api";
import { getDriftSummary } from "@/lib/server/services/get-drift-summary";
import { driftSummaryQuerySchema } from "@/lib/schemas/workloads";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handle(async () => json(await getDriftSummary(parseQuery(req, driftSummaryQuerySchema))));
}
