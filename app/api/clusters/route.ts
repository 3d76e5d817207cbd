import { handle, json } from "@/lib/server/http/api";
import { listClustersWithStatus } from "@/lib/server/services/list-clusters";

export const dynamic = "force-dynamic";

export function GET() {
  return handle(async () => json(await listClustersWithStatus()));
}
