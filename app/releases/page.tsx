import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { ReleaseReport } from "@/components/releases/release-report";

export const metadata: Metadata = { title: "Releases" };

export default function ReleasesPage() {
  return (
    <>
      <PageHeader title="Releases" description="What ran where, from when to when, deployed by digest or by tag, and who changed it." />
      <Suspense fallback={<Spinner label="Loading the release report" />}>
        <ReleaseReport />
      </Suspense>
    </>
  );
}
