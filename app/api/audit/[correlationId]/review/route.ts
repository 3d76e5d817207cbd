import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { reviewAuditChange } from "@/lib/server/services/review-audit-change";
import { auditReviewBodySchema, auditReviewParamsSchema } from "@/lib/schemas/audit";

export const dynamic = "force-dynamic";

export const POST = withRoute({ role: "operator", params: auditReviewParamsSchema, body: auditReviewBodySchema }, async ({ params, body, identity }) => {
  const res = await reviewAuditChange({ correlationId: params.correlationId, identity: identity!, note: body.note, ticket: body.ticket });
  return json(res, res.isNew ? 201 : 200);
});
