import { describe, expect, it } from "vitest";
import { specReferenceKey } from "@/lib/drift/reference";
import { parseReference } from "./reference";
import { resolutionKey, toTagResolution } from "./resolver";

const D = `sha256:${"c".repeat(64)}`;

describe("resolutionKey", () => {
  it.each(["nginx", "nginx:1.25", "ghcr.io/org/app:1", `ghcr.io/org/app:1@${D}`, `127.0.0.1:5000/a/b@${D}`])("%s is keyed as the drift engine keys it", (s) => {
    const r = parseReference(s);
    if (!r.ok) throw new Error(r.error.message);
    expect(resolutionKey(r.value)).toBe(specReferenceKey(r.value));
  });
});

describe("toTagResolution", () => {
  const at = new Date("2026-11-22T10:00:00Z");
  it("records a success", () => {
    const value = { reference: "docker.io/library/nginx:latest", registry: "docker.io", repository: "library/nginx", tag: "latest", digest: D, mediaType: "m", platforms: [] };
    expect(toTagResolution("k", { ok: true, value }, at)).toEqual({ reference: "k", status: "ok", digest: D, mediaType: "m", platforms: [], checkedAt: "2026-11-22T10:00:00.000Z" });
  });
  it("records a failure", () => {
    expect(toTagResolution("k", { ok: false, error: { code: "MANIFEST_UNKNOWN", message: "gone" } }, at)).toEqual({ reference: "k", status: "error", code: "MANIFEST_UNKNOWN", message: "gone", checkedAt: "2026-11-22T10:00:00.000Z" });
  });
});
