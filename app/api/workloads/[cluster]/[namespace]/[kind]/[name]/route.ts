import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { getWorkloadDetail } from "@/lib/server/services/get-workload";
import { workloadParamsSchema } from "@/lib/schemas/workloads";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer", params: workloadParamsSchema }, async ({ params }) => json(await getWorkloadDetail(params)));
