import { describe, expect, it } from "vitest";
import { createRegistryHealth } from "./registry-health";

const T0 = Date.parse("2026-12-01T14:37:00.000Z");
const at = (s: number) => new Date(T0 + s * 1000);

function tracker() {
  let t = 0;
  const health = createRegistryHealth({ now: () => at(t) });
  const call = (repository: string, outcome: { status?: number; error?: Parameters<typeof health.record>[0]["error"]; isHeld?: boolean }) =>
    health.record({ host: "reg:5000", registry: "reg:5000", repository, ...outcome });
  return { health, call, tick: (s: number) => void (t = s), get: () => health.get("reg:5000")! };
}

describe("registry host health", () => {
  it("is ok while it answers, a missing tag included", () => {
    const { call, get } = tracker();
    call("shop/a", { status: 200 });
    call("shop/b", { status: 404 });
    expect(get()).toEqual({ host: "reg:5000", status: "ok", lastSuccessAt: at(0), lastError: null, failingSince: null, retryUntil: null });
  });

  it("stays ok when one private repository is refused and others answer; unauthorized when every repository is", () => {
    const { call, get, tick } = tracker();
    call("shop/a", { status: 200 });
    tick(5);
    call("finance/ledger", { status: 401 });
    expect([get().status, get().lastError?.code]).toEqual(["ok", "UNAUTHORIZED"]);
    tick(10);
    call("shop/a", { status: 401 });
    expect([get().status, get().failingSince]).toEqual(["unauthorized", at(5)]);
    call("shop/a", { status: 200 });
    expect(get().status).toBe("ok");
  });

  it("names the error behind its status: a private repository's 401 during a rate limit does not read as its cause", () => {
    const { call, get, tick } = tracker();
    call("shop/a", { error: { code: "TOO_MANY_REQUESTS", message: "429", retryAfterMs: 30_000 } });
    tick(2);
    call("finance/ledger", { status: 401 });
    expect([get().status, get().lastError]).toEqual(["rate-limited", { code: "TOO_MANY_REQUESTS", message: "429", at: at(0) }]);
    tick(40);
    call("shop/a", { status: 200 });
    expect([get().status, get().lastError?.code]).toEqual(["ok", "UNAUTHORIZED"]);
    call("shop/a", { status: 401 });
    expect([get().status, get().lastError]).toEqual(["unauthorized", { code: "UNAUTHORIZED", message: "reg:5000: answered 401", at: at(40) }]);
  });

  it("is rate-limited until Retry-After has passed; held calls are not counted as requests", () => {
    const { health, call, get, tick } = tracker();
    call("shop/a", { error: { code: "TOO_MANY_REQUESTS", message: "429", retryAfterMs: 30_000 } });
    call("shop/b", { error: { code: "TOO_MANY_REQUESTS", message: "held", retryAfterMs: 29_000 }, isHeld: true });
    expect(get()).toMatchObject({ status: "rate-limited", retryUntil: at(30), failingSince: at(0), lastError: { code: "TOO_MANY_REQUESTS", message: "429" } });
    expect(health.takeCounts(["reg:5000"]).get("reg:5000")).toEqual({ requests: 1, errors: 1 });
    expect(health.takeCounts(["reg:5000"]).size).toBe(0);
    tick(31);
    expect([get().status, get().retryUntil]).toEqual(["rate-limited", null]); // no answer since
    call("shop/a", { status: 200 });
    expect(get().status).toBe("ok");
  });

  it.each([
    [{ status: 503 }, "unavailable", "SERVER_ERROR"],
    [{ error: { code: "UNREACHABLE" as const, cause: "server-error" as const, message: "503" } }, "unavailable", "SERVER_ERROR"],
    [{ error: { code: "UNREACHABLE" as const, cause: "timeout" as const, message: "timed out" } }, "unreachable", "TIMEOUT"],
    [{ error: { code: "UNREACHABLE" as const, cause: "refused" as const, message: "ECONNREFUSED connection refused" } }, "unreachable", "CONNECTION_REFUSED"],
    [{ error: { code: "UNREACHABLE" as const, cause: "network" as const, message: "ENOTFOUND" } }, "unreachable", "UNREACHABLE"],
    [{ status: 418 }, "unavailable", "INVALID_RESPONSE"],
  ])("%j makes the host %s (%s) until it answers again", (outcome, status, code) => {
    const { call, get, tick } = tracker();
    call("shop/a", { status: 200 });
    tick(1);
    call("shop/a", outcome);
    tick(2);
    call("shop/b", outcome);
    expect([get().status, get().lastError?.code, get().failingSince, get().lastSuccessAt]).toEqual([status, code, at(1), at(0)]);
    call("shop/b", { status: 200 });
    expect([get().status, get().failingSince]).toEqual(["ok", null]);
  });
});
