// The rows `kubectl get` prints, computed server-side like the API server's printers do.
type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function age(ts: string | undefined, now = Date.now()): string {
  if (!ts) return "<unknown>";
  const s = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ""}`;
  if (s < 10800) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const created = (o: Any) => age(o.metadata?.creationTimestamp);

function podStatus(p: Any): string {
  if (p.metadata.deletionTimestamp) return "Terminating";
  let reason: string = p.status?.reason ?? p.status?.phase ?? "Unknown";
  const init: Any[] = p.status?.initContainerStatuses ?? [];
  const initWaiting = init.find((c) => c.state?.waiting?.reason && c.state.waiting.reason !== "PodInitializing");
  if (initWaiting) return `Init:${initWaiting.state.waiting.reason}`;
  for (const c of [...(p.status?.containerStatuses ?? [])].reverse()) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated) reason = c.state.terminated.reason ?? (c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`);
  }
  return reason;
}

export function podRow(p: Any): unknown[] {
  const cs: Any[] = p.status?.containerStatuses ?? [];
  const ready = cs.filter((c) => c.ready).length;
  const restarts = cs.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const gates: Any[] = p.spec?.readinessGates ?? [];
  return [p.metadata.name, `${ready}/${p.spec?.containers?.length ?? 0}`, podStatus(p), restarts, created(p), p.status?.podIP ?? "<none>", p.spec?.nodeName ?? "<none>", p.status?.nominatedNodeName ?? "<none>", gates.length ? `0/${gates.length}` : "<none>"];
}

export function nodeRow(n: Any): unknown[] {
  const ready = (n.status?.conditions ?? []).some((c: Any) => c.type === "Ready" && c.status === "True");
  const status = `${ready ? "Ready" : "NotReady"}${n.spec?.unschedulable ? ",SchedulingDisabled" : ""}`;
  const roles = Object.keys(n.metadata.labels ?? {}).filter((k) => k.startsWith("node-role.kubernetes.io/")).map((k) => k.slice("node-role.kubernetes.io/".length)).sort();
  const addr = (t: string) => (n.status?.addresses ?? []).find((a: Any) => a.type === t)?.address ?? "<none>";
  const info = n.status?.nodeInfo ?? {};
  return [n.metadata.name, status, roles.join(",") || "<none>", created(n), info.kubeletVersion ?? "", addr("InternalIP"), addr("ExternalIP"), info.osImage ?? "<unknown>", info.kernelVersion ?? "<unknown>", info.containerRuntimeVersion ?? "<unknown>"];
}

const containers = (spec: Any): Any[] => spec?.template?.spec?.containers ?? [];
const names = (cs: Any[]) => cs.map((c) => c.name).join(",");
const images = (cs: Any[]) => cs.map((c) => c.image).join(",");

function selector(s: Any | undefined): string {
  const parts = Object.entries(s?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s?.matchExpressions ?? []) parts.push(e.operator === "Exists" ? e.key : e.operator === "DoesNotExist" ? `!${e.key}` : `${e.key} ${e.operator.toLowerCase()} (${e.values.join(",")})`);
  return parts.join(",") || "<none>";
}

export function deploymentRow(d: Any): unknown[] {
  const cs = containers(d.spec);
  return [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0, created(d), names(cs), images(cs), selector(d.spec?.selector)];
}

export function replicaSetRow(r: Any): unknown[] {
  const cs = containers(r.spec);
  return [r.metadata.name, r.spec?.replicas ?? 1, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, created(r), names(cs), images(cs), selector(r.spec?.selector)];
}

export function statefulSetRow(s: Any): unknown[] {
  const cs = containers(s.spec);
  return [s.metadata.name, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`, created(s), names(cs), images(cs)];
}

export function daemonSetRow(d: Any): unknown[] {
  const cs = containers(d.spec);
  const nodeSelector = Object.entries(d.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(",") || "<none>";
  const st = d.status ?? {};
  return [d.metadata.name, st.desiredNumberScheduled ?? 0, st.currentNumberScheduled ?? 0, st.numberReady ?? 0, st.updatedNumberScheduled ?? 0, st.numberAvailable ?? 0, nodeSelector, created(d), names(cs), images(cs), selector(d.spec?.selector)];
}

export function eventRow(e: Any): unknown[] {
  const last = e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
  const obj = e.involvedObject ?? {};
  return [age(last), e.type ?? "", e.reason ?? "", `${String(obj.kind ?? "").toLowerCase()}/${obj.name ?? ""}`, e.message ?? "", e.source?.component ?? e.reportingComponent ?? "", e.count ?? 1, age(e.firstTimestamp ?? last), age(last), e.metadata.name];
}
