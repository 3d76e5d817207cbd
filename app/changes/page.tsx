import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";
import { ChangesFeed } from "@/components/changes/changes-feed";

export const metadata: Metadata = { title: "Changes" };

export default function ChangesPage() {
  return (
    <>
      <PageHeader title="Changes" description="Release transitions and tag moves across the fleet, newest first." />
      <Suspense fallback={<Spinner label="Loading changes" />}>
        <ChangesFeed />
      </Suspense>
    </>
  );
}
