import { Suspense } from "react";
import { FleetView } from "@/components/fleet/fleet-view";
import { PageHeader } from "@/components/ui/page-header";

export default function FleetPage() {
  return (
    <>
      <PageHeader title="Fleet" description="Every workload in every cluster: in-sync, or the drift Driftwatch found." />
      <Suspense>
        <FleetView />
      </Suspense>
    </>
  );
}
