-- AlterTable
ALTER TABLE "workload" ADD COLUMN "driftSince" TIMESTAMP(3);

-- Backfill: a drifting workload has drifted since the first drift interval after its last in-sync one.
UPDATE "workload" w SET "driftSince" = COALESCE(
  (SELECT min(s."from") FROM "workload_state" s
    WHERE s."workloadId" = w."id" AND s."status" = 'drift'
      AND s."from" > COALESCE((SELECT max(s2."from") FROM "workload_state" s2 WHERE s2."workloadId" = w."id" AND s2."status" <> 'drift'), '-infinity'::timestamp)),
  w."firstSeenAt")
WHERE w."status" = 'drift';
