import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { getHealth } from "@/lib/server/services/get-health";

export const dynamic = "force-dynamic";

// Liveness for load balancers and `npm start`: public, and it names nothing of the fleet.
export const GET = withRoute({ role: "public" }, async () => {
  const health = await getHealth();
  return json(health, health.db === "up" ? 200 : 503);
});
