import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ConfigureHelp } from "@/components/shell/configure-help";

export const metadata: Metadata = { title: "Changes" };

export default function ChangesPage() {
  return (
    <>
      <PageHeader title="Changes" description="Release transitions and tag moves across the fleet, newest first." />
      <EmptyState title="No changes recorded yet">
        <p className="mb-2">Each time a workload starts running different bytes, or a tag starts pointing somewhere new, it is listed here.</p>
        <ConfigureHelp />
      </EmptyState>
    </>
  );
}
