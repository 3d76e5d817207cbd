import { describe, expect, it } from "vitest";
import { analyzeOne, deployment, digest, failed, keyOf, pod, resolved, running, waiting } from "./fixtures";
import type { RegistryErrorCode, RegistryStale, TagResolution } from "./observation";
import { keepKnown, resolutionWithAge, staleNote } from "./registry-age";
import { workloadStateKey } from "./state";
import { displayStatus } from "./status";

const IMG = "reg.example/shop/checkout:2.4.1";
const KEY = keyOf(IMG);
const OLD = digest("old");
const NEW = digest("new");
const AS_OF = "2026-12-01T14:28:00.000Z";
const NOW = "2026-12-01T14:38:00.000Z";
const answer = (d = NEW, at = AS_OF): TagResolution => ({ ...resolved(IMG, d)[KEY]!, checkedAt: at });
const failure = (code: RegistryErrorCode, at = NOW): TagResolution => ({ ...failed(IMG, code, `HEAD ${IMG}: ${code}`)[KEY]!, checkedAt: at });
const host: Omit<RegistryStale, "code" | "message"> = { registry: "reg.example", status: "rate-limited", since: "2026-12-01T14:37:00.000Z", retryAfterSeconds: 30 };
const age = (known: TagResolution | undefined, fresh: TagResolution, staleAfterMs?: number) => resolutionWithAge({ known, fresh, failure: host, now: NOW, ...(staleAfterMs !== undefined ? { staleAfterMs } : {}) });

describe("a registry answer is knowledge with an age", () => {
  it.each(["TOO_MANY_REQUESTS", "UNAUTHORIZED", "DENIED", "UNREACHABLE", "INVALID_RESPONSE"] as const)("keeps the last answer through %s, marked with its age and the failure", (code) => {
    const r = age(answer(), failure(code));
    expect(r).toEqual({ ...answer(), stale: { ...host, code, message: `HEAD ${IMG}: ${code}` } });
    expect(staleNote(r)).toBe("as of 2026-12-01 14:28 UTC; registry reg.example rate-limited since 14:37 UTC, retry after 30 s");
  });

  it.each([
    ["a new digest", answer(OLD, NOW)],
    ["MANIFEST_UNKNOWN", failure("MANIFEST_UNKNOWN")],
    ["NAME_UNKNOWN", failure("NAME_UNKNOWN")],
    ["INVALID_REFERENCE", failure("INVALID_REFERENCE")],
  ])("takes an answer (%s) as it is", (_name, fresh) => {
    expect(age(answer(), fresh)).toEqual(fresh);
    expect(keepKnown(answer(), fresh)).toEqual(fresh);
  });

  it("keeps a missing tag as missing while the registry rate-limits", () => {
    expect(age(failure("MANIFEST_UNKNOWN", AS_OF), failure("TOO_MANY_REQUESTS"))).toMatchObject({ status: "error", code: "MANIFEST_UNKNOWN", checkedAt: AS_OF, stale: { code: "TOO_MANY_REQUESTS" } });
  });

  it("is the failure itself when nothing was ever answered", () => {
    expect(age(undefined, failure("TOO_MANY_REQUESTS"))).toEqual(failure("TOO_MANY_REQUESTS"));
  });

  it("is the failure once the last answer is older than the limit", () => {
    expect(age(answer(NEW, AS_OF), failure("UNREACHABLE"), 10 * 60_000 + 1)).toMatchObject({ status: "ok", stale: { code: "UNREACHABLE" } });
    const expired = age(answer(NEW, AS_OF), failure("UNREACHABLE"), 10 * 60_000 - 1);
    expect(expired).toMatchObject({ status: "error", code: "UNREACHABLE", checkedAt: NOW });
    expect(expired.stale).toBeUndefined();
    expect(expired.status === "error" && expired.message).toMatch(/the last answer, 10m old, is older than the 9m limit/);
  });

  it("keeps a refusal through host-wide failures, and lets a refusal replace a host-wide failure", () => {
    expect(age(failure("UNAUTHORIZED", AS_OF), failure("TOO_MANY_REQUESTS"))).toMatchObject({ code: "UNAUTHORIZED", checkedAt: AS_OF, stale: { code: "TOO_MANY_REQUESTS" } });
    expect(keepKnown(failure("UNREACHABLE", AS_OF), failure("TOO_MANY_REQUESTS"))).toMatchObject({ code: "UNREACHABLE", checkedAt: AS_OF });
    expect(keepKnown(failure("UNREACHABLE", AS_OF), failure("UNAUTHORIZED"))).toMatchObject({ code: "UNAUTHORIZED", checkedAt: NOW });
  });

  it("takes a refusal repeated as this poll's answer, not as a kept one", () => {
    expect(age(failure("UNAUTHORIZED", AS_OF), failure("UNAUTHORIZED"))).toEqual(failure("UNAUTHORIZED"));
  });

  it("never stores a stale mark as knowledge", () => {
    const kept = age(answer(), failure("TOO_MANY_REQUESTS"));
    expect(keepKnown(kept, answer(NEW, NOW))).toEqual(answer(NEW, NOW));
  });
});

describe("findings drawn from a kept answer", () => {
  const onOld = () => deployment("shop", "checkout").container("app", IMG).revision("r1").pods([pod("a", "n1", "r1", { app: running(OLD) })]);
  const analyse = (r: TagResolution, w = onOld()) => analyzeOne(w, { resolutions: { [KEY]: r }, now: NOW });

  it("keep tag-moved, kinds and state key as before the failure, and say how old the answer is", () => {
    const before = analyse(answer());
    const during = analyse(age(answer(), failure("TOO_MANY_REQUESTS")));
    expect(during.findings.map((f) => f.kind)).toEqual(before.findings.map((f) => f.kind));
    expect(during.findings.map((f) => f.kind)).toEqual(["tag-moved", "floating-tag"]);
    expect(workloadStateKey(during)).toBe(workloadStateKey(before));
    const moved = during.findings.find((f) => f.kind === "tag-moved")!;
    expect(moved.message).toBe(
      "shop/checkout:2.4.1 now points to a build no running pod has (as of 2026-12-01 14:28 UTC; registry reg.example rate-limited since 14:37 UTC, retry after 30 s)",
    );
    expect(moved.details).toMatchObject({ asOf: AS_OF, registry: { host: "reg.example", status: "rate-limited", code: "TOO_MANY_REQUESTS", retryAfterSeconds: 30 } });
    expect(during.status).toBe("drift");
  });

  it("keep tag-missing for a tag the registry said is gone", () => {
    const w = deployment("shop", "checkout").container("app", IMG).revision("r1").pods([pod("a", "n1", "r1", { app: waiting("ImagePullBackOff", "not found") })]);
    const before = analyse(failure("MANIFEST_UNKNOWN", AS_OF), w);
    const during = analyse(age(failure("MANIFEST_UNKNOWN", AS_OF), failure("UNAUTHORIZED")), w);
    expect(during.findings.map((f) => f.kind)).toEqual(before.findings.map((f) => f.kind));
    expect(workloadStateKey(during)).toBe(workloadStateKey(before));
  });

  it("keep a never-answered refusal's reason (and state key) while the host rate-limits", () => {
    const before = analyse(failure("UNAUTHORIZED", AS_OF));
    const during = analyse(age(failure("UNAUTHORIZED", AS_OF), failure("TOO_MANY_REQUESTS")));
    expect(during.findings.find((f) => f.kind === "unverifiable")?.details.reason).toBe("UNAUTHORIZED");
    expect(workloadStateKey(during)).toBe(workloadStateKey(before));
  });

  it("become unverifiable once the answer is too old", () => {
    const a = analyse(age(answer(), failure("TOO_MANY_REQUESTS"), 60_000));
    expect(a.findings.map((f) => f.kind)).toEqual(["floating-tag", "unverifiable"]);
    expect(displayStatus({ status: a.status, driftKinds: a.findings.map((f) => f.kind) })).toBe("unverifiable");
  });
});

describe("one status per workload", () => {
  it.each([
    [{ status: "drift", driftKinds: ["unverifiable", "skew"] }, "drift"],
    [{ status: "in-sync", driftKinds: ["unverifiable"] }, "unverifiable"],
    [{ status: "in-sync", driftKinds: ["floating-tag", "unverifiable"] }, "unverifiable"],
    [{ status: "in-sync", driftKinds: ["floating-tag", "rolling"] }, "in-sync"],
    [{ status: "in-sync", driftKinds: [] }, "in-sync"],
  ] as const)("%j shows as %s", (w, expected) => {
    expect(displayStatus(w)).toBe(expected);
  });
});
