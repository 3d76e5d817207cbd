import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeContinue, encodeContinue } from "./pagination";
import { HttpError } from "./http";

describe("continue tokens", () => {
  it("round-trip any position", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 1_000_000 }), (namespace, name, rv) => {
        const token = encodeContinue({ namespace, name, rv: String(rv) });
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeContinue(token, "1000000")).toEqual({ namespace, name, rv: String(rv) });
      }),
    );
  });

  it.each(["garbage!!", Buffer.from("{}").toString("base64url"), Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: "x", ns: "a", start: "b" })).toString("base64url")])(
    "rejects %s with 400",
    (token) => {
      expect(() => decodeContinue(token, "10")).toThrow(expect.objectContaining({ status: 400, reason: "BadRequest" }));
    },
  );

  it("answers 410 Expired for a version this store never reached", () => {
    const token = encodeContinue({ namespace: "a", name: "b", rv: "99" });
    let err: unknown;
    try {
      decodeContinue(token, "10");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 410, reason: "Expired" });
  });
});
