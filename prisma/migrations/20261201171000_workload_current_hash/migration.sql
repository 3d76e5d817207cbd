-- AlterTable: hash of the stored current view (pods, nodes, peers); a poll rewrites `current`
-- whenever it differs, even when no history interval opens. Existing rows start empty, so the
-- first poll after this migration refreshes each of them once.
ALTER TABLE "workload" ADD COLUMN "currentHash" TEXT NOT NULL DEFAULT '';
