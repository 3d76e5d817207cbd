import { handle, json } from "@/lib/server/http/api";
import { getWorkloadDetail } from "@/lib/server/services/get-workload";
import { workloadParamsSchema } from "@/lib/schemas/workloads";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ cluster: string; namespace: string; kind: string; name: string }> };

export function GET(_req: Request, ctx: Ctx) {
  return handle(async () => {
    const id = workloadParamsSchema.parse(await ctx.params);
    return json(await getWorkloadDetail(id));
  });
}
