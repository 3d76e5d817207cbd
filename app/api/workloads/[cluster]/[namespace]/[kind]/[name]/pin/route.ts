import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { runtimePinDeps } from "@/lib/server/services/pin-deps";
import { submitPin } from "@/lib/server/services/submit-pin";
import { pinBodySchema } from "@/lib/schemas/pin";
import { workloadParamsSchema } from "@/lib/schemas/workloads";

export const dynamic = "force-dynamic";

export const POST = withRoute({ role: "operator", params: workloadParamsSchema, body: pinBodySchema }, async ({ params, body, identity }) => {
  const answer = await submitPin(runtimePinDeps(), "pin", params, body, { user: identity!.user, role: identity!.role });
  return json(answer.body, answer.status);
});
