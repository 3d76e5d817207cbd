import { handle, json } from "@/lib/server/http/api";
import { getHealth } from "@/lib/server/services/get-health";

export const dynamic = "force-dynamic";

export function GET() {
  return handle(async () => {
    const health = await getHealth();
    return json(health, health.db === "up" ? 200 : 503);
  });
}
