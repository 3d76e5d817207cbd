import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { listChanges } from "@/lib/server/services/list-changes";
import { changesQuerySchema } from "@/lib/schemas/fleet";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer", query: changesQuerySchema }, async ({ query }) => json(await listChanges(query)));
