import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ConfigureHelp } from "@/components/shell/configure-help";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit" description="Every pin and rollback: who, what, why, and how it ended." />
      <EmptyState title=" who, what, why, and how it ended.">
        <p className="mb-2">No audit events yet:Pins and rollbacks are recorded here before and after they are applied.</p>
        <ConfigureHelp />
      </EmptyState>
    </>
  );
}
