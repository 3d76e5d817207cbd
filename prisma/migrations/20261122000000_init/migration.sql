-- CreateTable
CREATE TABLE "cluster" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT,
    "server" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastPollAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'unknown',
    "lastError" TEXT,
    "lastErrorCode" TEXT,
    CONSTRAINT "cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll" (
    "id" BIGSERIAL NOT NULL,
    "clusterId" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "errorCode" TEXT,
    "holder" TEXT NOT NULL,
    "workloads" INTEGER NOT NULL DEFAULT 0,
    "pods" INTEGER NOT NULL DEFAULT 0,
    "nodes" INTEGER NOT NULL DEFAULT 0,
    "rowsWritten" INTEGER NOT NULL DEFAULT 0,
    "gaps" JSONB NOT NULL DEFAULT '[]',
    CONSTRAINT "poll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workload" (
    "id" SERIAL NOT NULL,
    "clusterId" INTEGER NOT NULL,
    "namespace" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'in-sync',
    "driftKinds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "stateHash" TEXT NOT NULL DEFAULT '',
    "current" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "workload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workload_state" (
    "id" BIGSERIAL NOT NULL,
    "workloadId" INTEGER NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3),
    "stateHash" TEXT NOT NULL,
    "containers" JSONB NOT NULL,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '[]',
    "isTransition" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "workload_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "node" (
    "id" SERIAL NOT NULL,
    "clusterId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "os" TEXT NOT NULL,
    "architecture" TEXT NOT NULL,
    "variant" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "imagesHash" TEXT NOT NULL DEFAULT '',
    "images" JSONB NOT NULL DEFAULT '[]',
    "labels" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "node_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag_resolution" (
    "id" BIGSERIAL NOT NULL,
    "reference" TEXT NOT NULL,
    "digest" TEXT,
    "previousDigest" TEXT,
    "mediaType" TEXT,
    "platforms" JSONB NOT NULL DEFAULT '[]',
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "tag_resolution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "index_manifest" (
    "digest" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "platforms" JSONB NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "index_manifest_pkey" PRIMARY KEY ("digest")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "correlationId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "container" TEXT,
    "fromImage" TEXT,
    "toImage" TEXT,
    "outcome" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "renewedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "lease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "cluster_name_key" ON "cluster"("name");

-- CreateIndex
CREATE INDEX "poll_clusterId_startedAt_idx" ON "poll"("clusterId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "workload_status_idx" ON "workload"("status");

-- CreateIndex
CREATE INDEX "workload_namespace_name_idx" ON "workload"("namespace", "name");

-- CreateIndex
CREATE UNIQUE INDEX "workload_clusterId_namespace_kind_name_key" ON "workload"("clusterId", "namespace", "kind", "name");

-- CreateIndex
CREATE INDEX "workload_state_workloadId_from_idx" ON "workload_state"("workloadId", "from" DESC);

-- CreateIndex
CREATE INDEX "workload_state_isTransition_from_idx" ON "workload_state"("isTransition", "from" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "node_clusterId_name_key" ON "node"("clusterId", "name");

-- CreateIndex
CREATE INDEX "tag_resolution_reference_from_idx" ON "tag_resolution"("reference", "from" DESC);

-- CreateIndex
CREATE INDEX "tag_resolution_from_idx" ON "tag_resolution"("from");

-- CreateIndex
CREATE INDEX "audit_event_cluster_namespace_kind_name_at_idx" ON "audit_event"("cluster", "namespace", "kind", "name", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- CreateIndex
CREATE INDEX "audit_event_correlationId_idx" ON "audit_event"("correlationId");

-- AddForeignKey
ALTER TABLE "poll" ADD CONSTRAINT "poll_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workload" ADD CONSTRAINT "workload_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workload_state" ADD CONSTRAINT "workload_state_workloadId_fkey" FOREIGN KEY ("workloadId") REFERENCES "workload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "node" ADD CONSTRAINT "node_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Audit events are append-only: the database itself refuses to change or delete them.
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "audit_event_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();
