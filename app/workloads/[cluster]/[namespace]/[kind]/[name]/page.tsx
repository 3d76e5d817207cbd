import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { workloadExists } from "@/lib/server/services/workload-exists";
import { WorkloadDetail } from "@/components/workload/workload-detail";

type Params = { cluster: string; namespace: string; kind: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeURIComponent(p.namespace)}/${decodeURIComponent(p.name)}` };
}

export default async function WorkloadPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const id = { cluster: decodeURIComponent(p.cluster), namespace: decodeURIComponent(p.namespace), kind: decodeURIComponent(p.kind), name: decodeURIComponent(p.name) };
  // A workload Driftwatch never saw is a real 404 page, not a page with a Retry button.
  if (!(await workloadExists(id))) notFound();
  return <WorkloadDetail id={id} />;
}
