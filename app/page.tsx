import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ConfigureHelp } from "@/components/shell/configure-help";

export default function FleetPage() {
  return (
    <>
      <PageHeader title="Fleet" description="Every workload in every cluster, with the drift Driftwatch found." />
      <EmptyState title="No workloads yet">
        <p className="mb-2">Workloads appear here after the first poll of a cluster, each marked in-sync or with its drift kinds.</p>
        <ConfigureHelp />
      </EmptyState>
    </>
  );
}
