import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { NodeMap } from "@/components/nodes/node-map";

export const metadata: Metadata = { title: "Nodes" };

export default async function NodesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const cluster = (await searchParams).cluster;
  return (
    <>
      <PageHeader title="Nodes" description="Which nodes run which bytes: the per-node digest map." />
      <NodeMap initialCluster={typeof cluster === "string" ? cluster : undefined} />
    </>
  );
}
