import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit" description="Every pin, unpin, rollback and poll started by hand: who, what, why, and how it ended — hash-chained, never edited." />
      <Suspense fallback={<Spinner label="Loading the audit log" />}>
        <AuditView />
      </Suspense>
    </>
  );
}
