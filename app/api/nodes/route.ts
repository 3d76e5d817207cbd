import { handle, json, parseQuery } from "@/lib/server/http/api";
import { getNodeMap } from "@/lib/server/services/list-nodes";
import { nodeMapQuerySchema } from "@/lib/schemas/fleet";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handle(async () => json(await getNodeMap(parseQuery(req, nodeMapQuerySchema))));
}
