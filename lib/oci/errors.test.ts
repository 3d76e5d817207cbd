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
    [503, body("UNAVAILABLE"), "UNREACHABLE"],
    [418, "", "INVALID_RESPONSE"],
    [400, "{not json", "INVALID_RESPONSE"],
  ])("%i %s → %s", (status, text, code) => {
    expect(classifyHttpError(status, text, "GET x").code).toBe(code);
  });

  it("keeps the registry's message", () => {
    expect(classifyHttpError(404, body("MANIFEST_UNKNOWN"), "GET r:t").message).toBe("GET r:t: MANIFEST_UNKNOWN: manifest_unknown detail");
  });
});

describe("classifyTransportError", () => {
  it.each([
    [Object.assign(new Error("fetch failed"), { cause: { code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND nope.invalid" } }), /ENOTFOUND/],
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), /ECONNREFUSED/],
    [Object.assign(new Error("Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" }), /timed out/],
    [Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }), /self-signed/],
  ])("%s is UNREACHABLE", (e, message) => {
    const r = classifyTransportError(e, "HEAD x");
    expect(r.code).toBe("UNREACHABLE");
    expect(r.message).toMatch(message);
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
