import "server-only";
import type { WorkloadKind } from "@/lib/drift/observation";
import { AppError } from "@/lib/server/errors";
import type { PinDeps, PinRequest } from "@/lib/server/services/pin-context";
import { applyAcross, previewAcross } from "@/lib/server/services/pin-environment";
import { applyPin, previewPin, refusalError, type Actor } from "@/lib/server/services/pin-workload";
import type { PinBody, UnpinBody } from "@/lib/schemas/pin";

// POST …/pin and …/unpin: preview (200 with the plan, 422 listing every refusal) or apply
// (202 {correlationId}); with `clusters`, the same per cluster of the environment.

export type WorkloadParams = { cluster: string; namespace: string; kind: WorkloadKind; name: string };
export type SubmitAnswer = { status: number; body: unknown };

function required(body: PinBody | UnpinBody, single: boolean) {
  const missing = [
    ...(!body.reason ? [{ field: "reason", message: "a reason is required to apply" }] : []),
    ...(!body.idempotencyKey ? [{ field: "idempotencyKey", message: "required to apply (the same key performs one change)" }] : []),
    ...(single && !body.resourceVersion ? [{ field: "resourceVersion", message: "required to apply: the resourceVersion from the preview" }] : []),
  ];
  if (missing.length) throw new AppError("BAD_REQUEST", missing.map((m) => `${m.field}: ${m.message}`).join("; "), { invalid: missing });
}

export async function submitPin(deps: PinDeps, action: "pin" | "unpin", params: WorkloadParams, body: PinBody | UnpinBody, actor: Actor): Promise<SubmitAnswer> {
  const base: Omit<PinRequest, "cluster"> = {
    action,
    ref: { kind: params.kind, namespace: params.namespace, name: params.name },
    container: body.container,
    ...("digest" in body ? { digest: body.digest } : {}),
    ...("tag" in body && body.tag ? { tag: body.tag } : {}),
    ...(body.override ? { override: body.override } : {}),
  };
  if (body.clusters) {
    const names = body.clusters.map((c) => c.cluster);
    if (body.preview) return { status: 200, body: { results: await previewAcross(deps, base, names, actor, body.reason) } };
    required(body, false);
    const results = await applyAcross(deps, { ...base, reason: body.reason!, idempotencyKey: body.idempotencyKey!, ...(body.ticket ? { ticket: body.ticket } : {}), ...(body.confirmName ? { confirmName: body.confirmName } : {}) }, body.clusters, actor);
    return { status: results.every((r) => r.status === 202) ? 202 : 207, body: { results } };
  }
  const req: PinRequest = { ...base, cluster: params.cluster };
  if (body.preview) {
    const preview = await previewPin(deps, req, actor, body.reason);
    if (preview.refusals.length > 0) throw refusalError(preview, { preview });
    return { status: 200, body: preview };
  }
  required(body, true);
  const { correlationId } = await applyPin(deps, {
    ...req, reason: body.reason!, idempotencyKey: body.idempotencyKey!, resourceVersion: body.resourceVersion!,
    ...(body.ticket ? { ticket: body.ticket } : {}), ...(body.confirmName ? { confirmName: body.confirmName } : {}),
  }, actor);
  return { status: 202, body: { correlationId } };
}
