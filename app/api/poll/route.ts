import { json } from "@/lib/server/http/api";
import { limitPollNow } from "@/lib/server/http/rate-limit";
import { withRoute } from "@/lib/server/http/route";
import { pollNow } from "@/lib/server/services/poll-now";
import { pollQuerySchema } from "@/lib/schemas/fleet";

export const dynamic = "force-dynamic";

export const POST = withRoute({ role: "operator", query: pollQuerySchema, limit: ({ identity, query }) => limitPollNow(identity.user, query.cluster) }, async ({ query }) => {
  const out = await pollNow({ cluster: query.cluster, wait: query.wait });
  return json(out, query.wait ? 200 : 202);
});
