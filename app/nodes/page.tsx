import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ConfigureHelp } from "@/components/shell/configure-help";

export const metadata: Metadata = { title: "Nodes" };

export default function NodesPage() {
  return (
    <>
      <PageHeader title="Nodes" description="Which nodes run which bytes" />
      <EmptyState title=" the per-node digest map.">
        <p className="mb-2">No nodes yet:Nodes and the releases they run appear after the first poll.</p>
        <ConfigureHelp />
      </EmptyState>
    </>
  );
}
