import "server-only";
import { getDb } from "@/lib/server/db/client";
import { listWorkloads } from "@/lib/server/data/workloads";
import { toWorkloadSummary } from "@/lib/server/services/workload-dto";
import type { WorkloadListDto, WorkloadListQuery } from "@/lib/schemas/workloads";

export async function listWorkloadsPage(q: WorkloadListQuery): Promise<WorkloadListDto> {
  const page = await listWorkloads(getDb(), q);
  return { items: page.rows.map(toWorkloadSummary), nextCursor: page.nextCursor, total: page.total };
}
