import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { getNodeMap } from "@/lib/server/services/list-nodes";
import { nodeMapQuerySchema } from "@/lib/schemas/fleet";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer", query: nodeMapQuerySchema }, async ({ query }) => json(await getNodeMap(query)));
