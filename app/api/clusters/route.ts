import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { listClustersWithStatus } from "@/lib/server/services/list-clusters";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer" }, async () => json(await listClustersWithStatus()));
