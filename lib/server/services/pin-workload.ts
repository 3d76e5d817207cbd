import "server-only";
import { randomUUID } from "node:crypto";
import { buildPinPatch, patchWorkload, pinDiff, type FieldChange } from "@/lib/kube/patch-workload";
import type { KubeFailure } from "@/lib/kube/workload-object";
import { appendAuditEvent, listAuditEventsByIdempotencyKey, type AuditEventInput } from "@/lib/server/data/audit";
import { releaseLease, tryAcquireLease } from "@/lib/server/data/leases";
import { AppError } from "@/lib/server/errors";
import { gatherPin, type PinContext, type PinDeps, type PinRequest } from "@/lib/server/services/pin-context";
import type { PinPreviewDto } from "@/lib/schemas/pin";

// Pin / unpin one workload: preview (plan + registry checks + server-side dry-run diff) and apply
// (intent event → PATCH with the previewed resourceVersion → result event). The rollout is
// followed by lib/server/jobs/rollout-follower.ts from the events written here.

export type Actor = { user: string; role: string };
export type ApplyRequest = PinRequest & { reason: string; ticket?: string; idempotencyKey: string; resourceVersion: string; confirmName?: string };

const PREVIEW_REASON = "<reason>";

function patchBody(ctx: PinContext, actor: Actor, reason: string, resourceVersion: string, now: Date) {
  const c = ctx.live.containers.find((x) => x.name === ctx.plan.container)!;
  const digest = ctx.plan.action === "pin" && ctx.plan.toImage ? ctx.plan.toImage.slice(ctx.plan.toImage.indexOf("@") + 1) : null;
  return buildPinPatch({ container: c.name, isInit: c.isInit, image: ctx.plan.toImage!, resourceVersion, digest, user: actor.user, reason, at: now });
}

const isProtected = (deps: PinDeps, environment: string | null) => environment !== null && deps.protectedEnvironments.includes(environment);

export async function previewPin(deps: PinDeps, req: PinRequest, actor: Actor, reason?: string): Promise<PinPreviewDto> {
  const ctx = await gatherPin(deps, req);
  let diff: FieldChange[] = [];
  let dryRun: PinPreviewDto["dryRun"] = { ok: false, code: "NOT_RUN", message: "nothing to change" };
  if (ctx.plan.toImage && ctx.live.containers.some((c) => c.name === ctx.plan.container)) {
    const r = await patchWorkload(ctx.source, req.ref, patchBody(ctx, actor, reason || PREVIEW_REASON, ctx.live.resourceVersion, (deps.now ?? (() => new Date()))()), { dryRun: true });
    if (r.ok) {
      diff = pinDiff(ctx.live, r.value);
      dryRun = { ok: true };
    } else dryRun = { ok: false, code: r.error.code, message: r.error.message };
  }
  return {
    cluster: req.cluster, environment: ctx.source.environment, namespace: req.ref.namespace, kind: req.ref.kind, name: req.ref.name,
    action: req.action, container: req.container, fromImage: ctx.plan.fromImage, toImage: ctx.plan.toImage,
    resourceVersion: ctx.live.resourceVersion, isAllowed: ctx.plan.isAllowed && dryRun.ok,
    refusals: ctx.plan.refusals, warnings: ctx.plan.warnings, coverage: ctx.plan.coverage, diff, dryRun,
    managers: ctx.managers, gitPatch: ctx.gitPatch, rollout: ctx.rollout, requiresTypedName: isProtected(deps, ctx.source.environment),
  };
}

/** A refused plan as 422 problem+json listing every reason code. */
export function refusalError(preview: Pick<PinPreviewDto, "refusals" | "warnings">, extra: Record<string, unknown> = {}): AppError {
  const codes = preview.refusals.map((r) => r.code);
  return new AppError("UNPROCESSABLE", `refused: ${preview.refusals.map((r) => r.message).join("; ")}`, { codes, reasons: preview.refusals, warnings: preview.warnings, ...extra });
}

function failureError(f: KubeFailure, correlationId: string): AppError {
  const details = { correlationId, reason: f.code };
  if (f.code === "CONFLICT") return new AppError("CONFLICT", f.message, details);
  if (f.code === "FORBIDDEN") return new AppError("FORBIDDEN", f.message, { ...details, reason: "CLUSTER_PERMISSION" });
  if (f.code === "UNREACHABLE") return new AppError("UNAVAILABLE", f.message, details);
  return new AppError("UNPROCESSABLE", f.message, { ...details, codes: [f.code] });
}

const outcomeOf = (f: KubeFailure) => (f.code === "CONFLICT" ? "conflict" : f.code === "FORBIDDEN" ? "forbidden" : "error");

/** A retried or doubled request finds the change its key already made. */
async function existingChange(deps: PinDeps, req: ApplyRequest): Promise<string | null> {
  const events = await listAuditEventsByIdempotencyKey(req.idempotencyKey, deps.db);
  const intent = events.find((e) => e.phase === "intent");
  if (!intent) return null;
  if (intent.cluster !== req.cluster || intent.namespace !== req.ref.namespace || intent.kind !== req.ref.kind || intent.name !== req.ref.name || intent.container !== req.container) {
    throw new AppError("UNPROCESSABLE", "this idempotency key was used for a different change; send a new key", { codes: ["IDEMPOTENCY_KEY_REUSED"] });
  }
  return intent.correlationId;
}

/** Apply under the key's lease: one PATCH per key, across requests and replicas. */
export async function applyPin(deps: PinDeps, req: ApplyRequest, actor: Actor): Promise<{ correlationId: string; isReplay: boolean }> {
  const before = await existingChange(deps, req);
  if (before) return { correlationId: before, isReplay: true };
  const holder = randomUUID();
  const lease = `pin:${req.idempotencyKey}`;
  for (let i = 0; !(await tryAcquireLease(deps.db, { name: lease, holder, ttlMs: 60_000 })); i++) {
    if (i >= 100) throw new AppError("CONFLICT", "a request with this idempotency key is still being applied; try again", { reason: "IN_PROGRESS" });
    await new Promise((r) => setTimeout(r, 100));
    const done = await existingChange(deps, req);
    if (done) return { correlationId: done, isReplay: true };
  }
  try {
    const again = await existingChange(deps, req);
    if (again) return { correlationId: again, isReplay: true };
    return { correlationId: await applyLocked(deps, req, actor, holder), isReplay: false };
  } finally {
    await releaseLease(deps.db, { name: lease, holder }).catch(() => undefined);
  }
}

async function applyLocked(deps: PinDeps, req: ApplyRequest, actor: Actor, correlationId: string): Promise<string> {
  const event = (e: Pick<AuditEventInput, "phase"> & Partial<AuditEventInput>): AuditEventInput => ({
    correlationId, action: req.action, actor: actor.user, role: actor.role, reason: req.reason, ticket: req.ticket ?? null,
    cluster: req.cluster, namespace: req.ref.namespace, kind: req.ref.kind, name: req.ref.name, container: req.container, ...e,
  });
  let ctx: PinContext;
  try {
    ctx = await gatherPin(deps, req);
  } catch (e) {
    // A cluster that cannot be read is still a change someone attempted: it is on the record.
    if (!(e instanceof AppError) || e.code !== "UNAVAILABLE") throw e;
    await appendAuditEvent(event({ phase: "intent", idempotencyKey: req.idempotencyKey, details: { digest: req.digest ?? null, tag: req.tag ?? null, resourceVersion: req.resourceVersion } }), deps.db);
    await appendAuditEvent(event({ phase: "result", outcome: "error", details: { message: e.message } }), deps.db);
    throw new AppError("UNAVAILABLE", e.message, { ...(e.details ?? {}), correlationId });
  }
  if (isProtected(deps, ctx.source.environment) && req.confirmName !== req.ref.name) {
    throw new AppError("UNPROCESSABLE", `${req.cluster} is in the protected environment ${ctx.source.environment}: type the workload's name (${req.ref.name}) to confirm`, { codes: ["CONFIRMATION_REQUIRED"] });
  }
  if (!ctx.plan.isAllowed) throw refusalError(ctx.plan);
  const now = (deps.now ?? (() => new Date()))();
  const body = patchBody(ctx, actor, req.reason, req.resourceVersion, now);
  const base = { fromImage: ctx.plan.fromImage, toImage: ctx.plan.toImage };
  // The dry-run with the previewed resourceVersion: the diff recorded, and a change since the preview found before anything is sent for real.
  const dry = await patchWorkload(ctx.source, req.ref, body, { dryRun: true });
  const managed = ctx.managers.some((m) => m.revertsLivePatch || m.confidence === "strong");
  await appendAuditEvent(event({
    phase: "intent", ...base, idempotencyKey: req.idempotencyKey,
    details: { resourceVersion: req.resourceVersion, diff: dry.ok ? pinDiff(ctx.live, dry.value) : null, warnings: ctx.plan.warnings, override: req.override ?? null, managedBy: ctx.managers.map((m) => m.tool), managed, coverage: ctx.plan.coverage },
  }), deps.db);
  if (!dry.ok) {
    await appendAuditEvent(event({ phase: "result", ...base, outcome: outcomeOf(dry.error), details: { message: dry.error.message, dryRun: true } }), deps.db);
    throw failureError(dry.error, correlationId);
  }
  await deps.hooks?.afterIntent?.();
  const applied = await patchWorkload(ctx.source, req.ref, body, { dryRun: false });
  await deps.hooks?.afterPatch?.();
  if (!applied.ok) {
    await appendAuditEvent(event({ phase: "result", ...base, outcome: outcomeOf(applied.error), details: { message: applied.error.message } }), deps.db);
    throw failureError(applied.error, correlationId);
  }
  await appendAuditEvent(event({ phase: "result", ...base, outcome: "applied", details: { resourceVersion: applied.value.resourceVersion, generation: applied.value.generation, pinnedAt: now.toISOString() } }), deps.db);
  return correlationId;
}
