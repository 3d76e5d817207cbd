import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { exportAudit, listAudit } from "@/lib/server/services/list-audit";
import { auditQuerySchema } from "@/lib/schemas/audit";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer", query: auditQuerySchema }, async ({ query }) =>
  query.format === "json" ? json(await listAudit(query)) : exportAudit(query, query.format),
);
