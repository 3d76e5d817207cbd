import { handle, json, parseQuery } from "@/lib/server/http/api";
import { listWorkloadsPage } from "@/lib/server/services/list-workloads";
import { workloadListQuerySchema } from "@/lib/schemas/workloads";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handle(async () => json(await listWorkloadsPage(parseQuery(req, workloadListQuerySchema))));
}
