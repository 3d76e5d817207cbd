-- A broad prefix ("sv", "node-1") matches most of the fleet: grouping and sorting all its token
-- rows before cutting a page cost 100–550 ms at 50,000 workloads. This index lists every token row
-- in page order (sortKey is byte-ordered, hence COLLATE "C"; a workload's rows are adjacent) and
-- carries kind and token, so lib/server/data/search.ts can walk it index-only and stop at the page.

-- CreateIndex
CREATE INDEX "workload_search_token_sortKey_workloadId_kind_token_idx" ON "workload_search_token"("sortKey" COLLATE "C", "workloadId", "kind", "token");
