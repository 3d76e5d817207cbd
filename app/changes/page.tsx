import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ChangesFeed } from "@/components/changes/changes-feed";

export const metadata: Metadata = { title: "Changes" };

export default function ChangesPage() {
  return (
    <>
      <PageHeader title="Changes" description="Release transitions and tag moves across the fleet, newest first." />
      <ChangesFeed />
    </>
  );
}
