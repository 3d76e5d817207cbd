import "server-only";
import { createHash } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { NodeObservation } from "@/lib/drift/observation";

const hashOf = (n: NodeObservation) =>
  createHash("sha256").update(JSON.stringify([n.os, n.architecture, n.variant ?? "", n.ready, n.unschedulable, n.images, n.labels])).digest("hex");

/** Upsert nodes whose facts changed; mark vanished ones deleted. Returns rows written. */
export async function recordNodes(db: PrismaClient, opts: { clusterId: number; nodes: NodeObservation[]; now: Date }): Promise<number> {
  const existing = await db.node.findMany({ where: { clusterId: opts.clusterId }, select: { id: true, name: true, imagesHash: true, deletedAt: true } });
  const byName = new Map(existing.map((n) => [n.name, n]));
  const writes = [];
  for (const n of opts.nodes) {
    const h = hashOf(n);
    const prior = byName.get(n.name);
    if (prior && prior.imagesHash === h && !prior.deletedAt) continue;
    const data = {
      os: n.os, architecture: n.architecture, variant: n.variant ?? null, imagesHash: h, images: n.images,
      labels: { ...n.labels, "driftwatch.io/ready": String(n.ready), "driftwatch.io/unschedulable": String(n.unschedulable) },
      lastSeenAt: opts.now, deletedAt: null,
    };
    writes.push(
      prior
        ? db.node.update({ where: { id: prior.id }, data })
        : db.node.create({ data: { clusterId: opts.clusterId, name: n.name, firstSeenAt: opts.now, ...data } }),
    );
  }
  const present = new Set(opts.nodes.map((n) => n.name));
  for (const n of existing) {
    if (!present.has(n.name) && !n.deletedAt) writes.push(db.node.update({ where: { id: n.id }, data: { deletedAt: opts.now } }));
  }
  if (writes.length) await db.$transaction(writes);
  return writes.length;
}

export async function listNodes(db: PrismaClient, opts: { clusterName?: string }) {
  return db.node.findMany({
    where: { deletedAt: null, ...(opts.clusterName ? { cluster: { name: opts.clusterName } } : {}) },
    select: { name: true, os: true, architecture: true, variant: true, images: true, labels: true, cluster: { select: { name: true, status: true, lastSuccessAt: true } } },
    orderBy: [{ clusterId: "asc" }, { name: "asc" }],
  });
}
