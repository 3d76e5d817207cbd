import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { searchFleet } from "@/lib/server/services/search";
import { searchQuerySchema } from "@/lib/schemas/search";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer", query: searchQuerySchema }, async ({ query }) => json(await searchFleet(query)));
