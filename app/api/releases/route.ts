import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { exportReleases, listReleases } from "@/lib/server/services/list-releases";
import { releaseQuerySchema } from "@/lib/schemas/audit";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer", query: releaseQuerySchema }, async ({ query }) =>
  query.format === "json" ? json(await listReleases(query)) : exportReleases(query, query.format),
);
