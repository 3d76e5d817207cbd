import { z } from "zod";
import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { verifyAuditLog } from "@/lib/server/services/verify-audit-log";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer", query: z.strictObject({}) }, async () => json(await verifyAuditLog()));
