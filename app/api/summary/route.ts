import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { getDriftSummary } from "@/lib/server/services/get-drift-summary";
import { driftSummaryQuerySchema } from "@/lib/schemas/workloads";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer", query: driftSummaryQuerySchema }, async ({ query }) => json(await getDriftSummary(query)));
