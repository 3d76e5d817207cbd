import { withRoute } from "@/lib/server/http/route";
import { renderMetrics } from "@/lib/server/services/get-metrics";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer" }, async () => {
  const m = await renderMetrics();
  return new Response(m.body, { headers: { "content-type": m.contentType, "cache-control": "no-store" } });
});
