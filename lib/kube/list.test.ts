import { describe, expect, it } from "vitest";
import { ApiException } from "@kubernetes/client-node";
import { describeFailure, statusMessage } from "./errors";
import { D1, pod, running } from "./fixtures";
import { listAll, ListTimeoutError, type ListPage, type PageFetcher, type Skipped } from "./list";
import { podSchema } from "./schemas";

const pages = (all: unknown[][]): { fetch: PageFetcher; requests: { limit: number; _continue?: string }[] } => {
  const requests: { limit: number; _continue?: string }[] = [];
  return {
    requests,
    fetch: async (req) => {
      requests.push(req);
      const i = req._continue ? Number(req._continue) : 0;
      return { items: all[i] ?? [], metadata: i + 1 < all.length ? { _continue: String(i + 1) } : {} } satisfies ListPage;
    },
  };
};

const common = (fetch: PageFetcher, skipped: Skipped[], names: string[]) => ({
  resource: "pods", fetch, schema: podSchema, pageSize: 2, timeoutMs: 1000, signal: new AbortController().signal,
  onItem: (p: { metadata: { name: string } }) => void names.push(p.metadata.name), onSkip: (s: Skipped) => void skipped.push(s),
});

describe("listAll", () => {
  it("follows continue tokens with the page size and skips invalid objects with a reason", async () => {
    const good = (n: string) => pod(n, { statuses: [running("app", `r/x@${D1}`)] });
    const { fetch, requests } = pages([[good("a"), { metadata: { name: "broken", namespace: "shop" }, spec: { containers: "nope" } }], [good("b"), { kind: "Pod" }], [good("c")]]);
    const skipped: Skipped[] = [];
    const names: string[] = [];
    expect(await listAll(common(fetch, skipped, names))).toBe(5);
    expect(names).toEqual(["a", "b", "c"]);
    expect(requests).toEqual([{ limit: 2 }, { limit: 2, _continue: "1" }, { limit: 2, _continue: "2" }]);
    expect(skipped).toEqual([
      { resource: "pods", name: "shop/broken", reason: expect.stringContaining("spec.containers") },
      { resource: "pods", name: "(unnamed)", reason: expect.stringContaining("metadata") },
    ]);
  });

  it("stops on a server that repeats its continue token", async () => {
    const fetch: PageFetcher = async () => ({ items: [], metadata: { _continue: "same" } });
    await expect(listAll(common(fetch, [], []))).rejects.toThrow(/repeated a continue token/);
  });

  it("aborts a request that does not answer in time, and the request sees the abort", async () => {
    let signal: AbortSignal | undefined;
    const fetch: PageFetcher = (_, options) =>
      new Promise((_, reject) => {
        // The client attaches the signal in a middleware; run it as the client would.
        const ctx = { setSignal: (s: AbortSignal) => (signal = s) };
        void (options.middleware![0]!.pre(ctx as never) as unknown as { toPromise(): Promise<unknown> }).toPromise();
        signal!.addEventListener("abort", () => reject(Object.assign(new Error("The operation was aborted."), { name: "AbortError", type: "aborted" })));
      });
    const err = await listAll({ ...common(fetch, [], []), timeoutMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(signal?.aborted).toBe(true);
    expect(describeFailure(err, { cluster: "c", server: "https://s", what: "listing pods" })).toMatchObject({ code: "TIMEOUT", isFatal: true, message: "cluster c (https://s): listing pods: timed out: no answer within 20 ms" });
  });

  it("rejects a body without items", async () => {
    const fetch: PageFetcher = async () => ({}) as ListPage;
    await expect(listAll(common(fetch, [], []))).rejects.toThrow(/no items array/);
  });
});

describe("describeFailure", () => {
  const ctx = { cluster: "prod-eu", server: "https://10.0.0.1:6443", what: "listing apps/v1/daemonsets" };
  const status = (code: number, message: string) => JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", message, reason: "Forbidden", code });

  it("401 is fatal UNAUTHORIZED, naming the cluster, server and status", () => {
    const f = describeFailure(new ApiException(401, "Unauthorized", undefined, {}), ctx);
    expect(f).toMatchObject({ code: "UNAUTHORIZED", isFatal: true });
    expect(f.message).toMatch(/^cluster prod-eu \(https:\/\/10\.0\.0\.1:6443\): listing apps\/v1\/daemonsets: HTTP 401 Unauthorized/);
  });

  it("403 is a FORBIDDEN gap carrying the server's Status message", () => {
    const msg = 'daemonsets.apps is forbidden: User "system:serviceaccount:driftwatch:reader" cannot list resource "daemonsets" in API group "apps" at the cluster scope';
    const f = describeFailure(new ApiException(403, "Unknown API Status Code!", status(403, msg), {}), ctx);
    expect(f).toEqual({ code: "FORBIDDEN", isFatal: false, message: `cluster prod-eu (https://10.0.0.1:6443): listing apps/v1/daemonsets: HTTP 403 Forbidden: ${msg}` });
  });

  it.each([
    ["ECONNREFUSED", { name: "FetchError", type: "system", code: "ECONNREFUSED", message: "request to https://10.0.0.1:6443/api failed, reason: connect ECONNREFUSED" }, "UNREACHABLE", /unreachable \(ECONNREFUSED\)/],
    ["ECONNRESET", { name: "FetchError", type: "system", code: "ECONNRESET", message: "socket hang up" }, "UNREACHABLE", /ECONNRESET/],
    ["DNS", { name: "FetchError", type: "system", code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND k8s.invalid" }, "UNREACHABLE", /host name/],
    ["TLS", { name: "FetchError", type: "system", code: "SELF_SIGNED_CERT_IN_CHAIN", message: "self-signed certificate in certificate chain" }, "UNREACHABLE", /TLS handshake/],
    ["timeout", new ListTimeoutError("no answer within 15000 ms"), "TIMEOUT", /timed out: no answer within 15000 ms/],
  ])("%s is fatal", (_, e, code, text) => {
    const f = describeFailure(e, ctx);
    expect([f.code, f.isFatal]).toEqual([code, true]);
    expect(f.message).toMatch(text);
    expect(f.message).toContain("prod-eu");
  });

  it("a 5xx, an expired continue token and a malformed body are gaps, not fatal", () => {
    expect(describeFailure(new ApiException(503, "x", "upstream connect error", {}), ctx)).toMatchObject({ code: "ERROR", isFatal: false, message: expect.stringContaining("HTTP 503: upstream connect error") });
    expect(describeFailure(new ApiException(410, "x", status(410, "The provided continue parameter is too old"), {}), ctx).message).toMatch(/too old.*expired/);
    expect(describeFailure(new SyntaxError("Unexpected token < in JSON"), ctx)).toMatchObject({ code: "INVALID_RESPONSE", isFatal: false });
  });

  it("statusMessage reads a Status object, JSON text or plain text", () => {
    expect(statusMessage({ message: "m" })).toBe("m");
    expect(statusMessage('{"message":"j"}')).toBe("j");
    expect(statusMessage("<html>\n bad gateway</html>")).toBe("<html> bad gateway</html>");
    expect(statusMessage(undefined)).toBe("");
  });
});
