import "server-only";
import { AppError } from "@/lib/server/errors";
import type { PinDeps, PinRequest } from "@/lib/server/services/pin-context";
import { applyPin, previewPin, refusalError, type Actor, type ApplyRequest } from "@/lib/server/services/pin-workload";
import type { PinClusterResultDto } from "@/lib/schemas/pin";

// The same change in several clusters of an environment: each cluster has its own preview,
// dry-run, conflict guard, audit events and rollout; one failing never stops the others.

function asResult(cluster: string, e: unknown): PinClusterResultDto {
  if (!(e instanceof AppError)) throw e;
  const d = e.details ?? {};
  return {
    cluster, status: e.status, code: e.code, message: e.message,
    ...(typeof d.correlationId === "string" ? { correlationId: d.correlationId } : {}),
    ...(Array.isArray(d.reasons) ? { reasons: d.reasons as PinClusterResultDto["reasons"] } : {}),
  };
}

export async function previewAcross(deps: PinDeps, req: Omit<PinRequest, "cluster">, clusters: readonly string[], actor: Actor, reason?: string): Promise<PinClusterResultDto[]> {
  return Promise.all(
    clusters.map(async (cluster) => {
      try {
        const preview = await previewPin(deps, { ...req, cluster }, actor, reason);
        if (!preview.isAllowed && preview.refusals.length > 0) return { ...asResult(cluster, refusalError(preview)), preview };
        return { cluster, status: 200, preview };
      } catch (e) {
        return asResult(cluster, e);
      }
    }),
  );
}

export async function applyAcross(
  deps: PinDeps,
  req: Omit<ApplyRequest, "cluster" | "resourceVersion">,
  clusters: readonly { cluster: string; resourceVersion?: string }[],
  actor: Actor,
): Promise<PinClusterResultDto[]> {
  return Promise.all(
    clusters.map(async ({ cluster, resourceVersion }) => {
      try {
        if (!resourceVersion) throw new AppError("BAD_REQUEST", `clusters[${cluster}].resourceVersion: required to apply (from that cluster's preview)`);
        // One key per cluster, derived from the request's: a retried request still changes each cluster once.
        const { correlationId } = await applyPin(deps, { ...req, cluster, resourceVersion, idempotencyKey: `${req.idempotencyKey}:${cluster}` }, actor);
        return { cluster, status: 202, correlationId };
      } catch (e) {
        return asResult(cluster, e);
      }
    }),
  );
}
