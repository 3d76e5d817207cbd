import { handle } from "@/lib/server/http/api";
import { renderMetrics } from "@/lib/server/services/get-metrics";

export const dynamic = "force-dynamic";

export function GET() {
  return handle(async () => {
    const m = await renderMetrics();
    return new Response(m.body, { headers: { "content-type": m.contentType, "cache-control": "no-store" } });
  });
}
