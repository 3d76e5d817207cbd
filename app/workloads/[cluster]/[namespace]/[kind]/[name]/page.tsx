import type { Metadata } from "next";
import { WorkloadDetail } from "@/components/workload/workload-detail";

type Params = { cluster: string; namespace: string; kind: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeURIComponent(p.namespace)}/${decodeURIComponent(p.name)}` };
}

export default async function WorkloadPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  const id = { cluster: decodeURIComponent(p.cluster), namespace: decodeURIComponent(p.namespace), kind: decodeURIComponent(p.kind), name: decodeURIComponent(p.name) };
  return <WorkloadDetail id={id} />;
}
