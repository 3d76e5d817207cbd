import { describe, expect, it } from "vitest";
import { classifyHttpError, classifyTransportError, parseRetryAfter } from "./errors";

const body = (code: string) => JSON.stringify({ errors: [{ code, message: `${code.toLowerCase()} detail` }] });

describe("classifyHttpError", () => {
  it.each([
    [404, body("MANIFEST_UNKNOWN"), "MANIFEST_UNKNOWN"],
    [404, body("NAME_UNKNOWN"), "NAME_UNKNOWN"],
    [401, body("UNAUTHORIZED"), "UNAUTHORIZED"],
    [403, body("DENIED"), "DENIED"],
    [429, body("TOOMANYREQUESTS"), "TOO_MANY_REQUESTS"],
    [404, "", "MANIFEST_UNKNOWN"],
    [401, "", "UNAUTHORIZED"],
    [403, "<html>forbidden</html>", "DENIED"],
    [500, "", "UNREACHABLE"],
    [502, "", "UNREACHABLE"],
    [503, body("UNAVAILABLE"), "UNREACHABLE"],
    [418, "", "INVALID_RESPONSE"],
    [400, "{not json", "INVALID_RESPONSE"],
  ])("%i %s → %s", (status, text, code) => {
    expect(classifyHttpError(status, text, "GET x").code).toBe(code);
  });

  it("says a 5xx is the server's error, not the network's", () => {
    expect(classifyHttpError(503, "", "GET x")).toEqual({ code: "UNREACHABLE", cause: "server-error", message: "GET x: registry answered 503" });
  });

  it("keeps the registry's message", () => {
    expect(classifyHttpError(404, body("MANIFEST_UNKNOWN"), "GET r:t").message).toBe("GET r:t: MANIFEST_UNKNOWN: manifest_unknown detail");
  });
});

describe("classifyTransportError", () => {
  it.each([
    [Object.assign(new Error("fetch failed"), { cause: { code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND nope.invalid" } }), "HEAD x: ENOTFOUND host name not found", "network"],
    [Object.assign(new Error("connect ECONNREFUSED 10.0.3.7:443"), { code: "ECONNREFUSED" }), "HEAD x: ECONNREFUSED connection refused", "refused"],
    [Object.assign(new Error("Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" }), "HEAD x: timed out", "timeout"],
    [Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }), "HEAD x: DEPTH_ZERO_SELF_SIGNED_CERT TLS certificate not trusted (self-signed)", "network"],
    [Object.assign(new Error("connect EWHATEVER 10.0.3.7:443"), { code: "EWHATEVER" }), "HEAD x: EWHATEVER network error", "network"],
    [new Error("something at 10.0.3.7"), "HEAD x: request failed", "network"],
  ])("%s is UNREACHABLE, without the address that answered, with the class of cause", (e, message, cause) => {
    expect(classifyTransportError(e, "HEAD x")).toEqual({ code: "UNREACHABLE", message, cause });
  });
});

describe("classifyHttpError detail", () => {
  it("keeps one line of at most 300 characters of the registry's message", () => {
    const long = JSON.stringify({ errors: [{ code: "DENIED", message: `line one\n${"z".repeat(5000)}` }] });
    const e = classifyHttpError(403, long, "GET r:t");
    expect(e).toEqual({ code: "DENIED", message: `GET r:t: DENIED: line one ${"z".repeat(291)}…` });
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-22T10:00:00Z");
  it.each([
    ["3", 3000],
    [" 0 ", 0],
    ["Sun, 22 Nov 2026 10:00:30 GMT", 30_000],
    ["Sun, 22 Nov 2026 09:00:00 GMT", 0],
    ["soon", undefined],
    [undefined, undefined],
    ["", undefined],
  ])("%j → %j", (value, ms) => expect(parseRetryAfter(value, now)).toBe(ms));
});
