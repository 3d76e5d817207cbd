import { handle, json, parseQuery } from "@/lib/server/http/api";
import { pollNow } from "@/lib/server/services/poll-now";
import { pollQuerySchema } from "@/lib/schemas/fleet";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handle(async () => {
    const q = parseQuery(req, pollQuerySchema);
    const out = await pollNow({ cluster: q.cluster, wait: q.wait });
    return json(out, q.wait ? 200 : 202);
  });
}
