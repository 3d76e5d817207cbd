import { execFileSync } from "node:child_process";
import { e2eDatabaseUrl } from "./database";

/** Appends events through Driftwatch's data layer (hash chain and all) to the database at `dbUrl`. */
export const appendAudit = (events: unknown[], dbUrl = e2eDatabaseUrl()) =>
  execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "e2e/support/append-audit.ts"], { input: JSON.stringify(events), env: { ...process.env, DATABASE_URL: dbUrl }, encoding: "utf8" });

/** A finished rollback of prod-eu shop/checkout as pin/rollback records it (to a digest no release has). */
export function rollbackEvents(correlationId: string, actor: string) {
  const base = {
    correlationId, action: "rollback", actor, role: "operator", reason: "INC-512: checkout:2.3 was rebuilt", ticket: "INC-512",
    cluster: "prod-eu", namespace: "shop", kind: "Deployment", name: "checkout", container: "app",
    fromImage: "registry.local/shop/checkout:2.3", toImage: `registry.local/shop/checkout:2.3@sha256:${"d".repeat(64)}`,
  };
  return [
    { ...base, phase: "intent", idempotencyKey: `${correlationId}-key`, details: { resourceVersion: "41" } },
    { ...base, phase: "result", outcome: "applied", details: { resourceVersion: "42" } },
    { ...base, phase: "rollout", outcome: "progressing", details: { updated: 2, desired: 6 } },
    { ...base, phase: "final", outcome: "succeeded", details: { updated: 6, desired: 6 } },
  ];
}
