// Pull failures from Warning events. The kubelet reports them as reason `Failed`
// ("Failed to pull image …", "Error: ErrImagePull", "Error: ImagePullBackOff") and `BackOff`
// ("Back-off pulling image …"); `BackOff` also covers crash loops, hence the message check.
// The container comes from involvedObject.fieldPath, the repeat count from count (core/v1) or
// series.count (events.k8s.io/v1 style); lib/drift picks the informative one (pull-cause.ts).
import type { PullFailureEvent } from "@/lib/drift/observation";
import { isoTime, type RawEvent } from "./schemas";

const PULL_REASONS = new Set(["Failed", "BackOff", "ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName"]);

export function mapPullFailureEvent(e: RawEvent, now: Date): PullFailureEvent | null {
  if (e.type && e.type !== "Warning") return null;
  if (e.involvedObject?.kind !== "Pod" || !e.involvedObject.name) return null;
  const reason = e.reason ?? "";
  const message = e.message ?? "";
  if (!PULL_REASONS.has(reason) || !/pull|image/i.test(message)) return null;
  const lastSeen =
    isoTime(e.lastTimestamp) || isoTime(e.series?.lastObservedTime) || isoTime(e.eventTime) || isoTime(e.firstTimestamp) || isoTime(e.metadata.creationTimestamp) || now.toISOString();
  const container = /^spec\.(?:init|ephemeral)?[cC]ontainers\{([^}]+)\}$/.exec(e.involvedObject.fieldPath ?? "")?.[1];
  const count = e.series?.count ?? e.count;
  return {
    namespace: e.involvedObject.namespace ?? e.metadata.namespace ?? "", pod: e.involvedObject.name, ...(container ? { container } : {}), reason, message, lastSeen,
    ...(count ? { count } : {}),
  };
}
