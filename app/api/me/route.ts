import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import type { MeDto } from "@/lib/schemas/me";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer" }, async ({ identity }) => {
  const me: MeDto = { user: identity!.user, email: identity!.email, role: identity!.role, mode: identity!.mode };
  return json(me);
});
