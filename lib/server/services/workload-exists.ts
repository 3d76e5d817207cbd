import "server-only";
import { getDb } from "@/lib/server/db/client";
import { getWorkload } from "@/lib/server/data/workloads";

/** Whether Driftwatch has ever seen this workload (removed ones included: their page shows history). */
export async function workloadExists(id: { cluster: string; namespace: string; kind: string; name: string }): Promise<boolean> {
  return (await getWorkload(getDb(), id)) !== null;
}
