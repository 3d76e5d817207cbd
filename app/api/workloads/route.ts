import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { listWorkloadsPage } from "@/lib/server/services/list-workloads";
import { workloadListQuerySchema } from "@/lib/schemas/workloads";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer", query: workloadListQuerySchema }, async ({ query }) => json(await listWorkloadsPage(query)));
