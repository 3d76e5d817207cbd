import { describe, expect, it } from "vitest";
import { assertTestDatabaseAllowed, isLoopbackDatabaseUrl } from "./loopback-guard";

describe("isLoopbackDatabaseUrl", () => {
  it.each([
    ["postgresql://u:p@127.0.0.1:5432/db", true],
    ["postgresql://u:p@127.10.0.3/db", true],
    ["postgresql://u:p@localhost/db", true],
    ["postgres://u:p@LOCALHOST:6543/db", true],
    ["postgresql://u:p@[::1]:5432/db", true],
    ["postgresql:///db", true],
    ["postgresql:///db?host=/var/run/postgresql", true],
    ["postgresql://u:p@db.invalid/db", false],
    ["postgresql://u:p@10.0.0.5/db", false],
    ["postgresql://u:p@127.0.0.1.example.com/db", false],
    ["postgresql://u:p@localhost/db?host=prod.example.com", false],
    ["postgresql://u:p@[2001:db8::1]/db", false],
    ["not a url", false],
  ])("%s → %s", (url, expected) => {
    expect(isLoopbackDatabaseUrl(url)).toBe(expected);
  });
});

describe("assertTestDatabaseAllowed", () => {
  it("refuses a remote server, naming the variable and the opt-in, without the password", () => {
    let message = "";
    try {
      assertTestDatabaseAllowed("postgresql://u:secret@db.invalid/db", "DATABASE_URL", {});
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      "refusing to run tests against DATABASE_URL (db.invalid): tests create and drop databases there and only a loopback server is used by default. " +
        "Unset DATABASE_URL to use a throwaway embedded PostgreSQL, or set DRIFTWATCH_TEST_ALLOW_REMOTE_DB=1 if this server is meant for tests.",
    );
  });

  it("accepts loopback, and a remote server only with the opt-in", () => {
    expect(assertTestDatabaseAllowed("postgresql://u:p@127.0.0.1:5432/db", "DATABASE_URL", {})).toBeUndefined();
    expect(assertTestDatabaseAllowed("postgresql://u:p@db.example.com:5433/db", "DRIFTWATCH_TEST_PG_URL", { DRIFTWATCH_TEST_ALLOW_REMOTE_DB: "1" })).toBeUndefined();
    expect(() => assertTestDatabaseAllowed("postgresql://u:p@db.example.com:5433/db", "DRIFTWATCH_TEST_PG_URL", { DRIFTWATCH_TEST_ALLOW_REMOTE_DB: "yes" })).toThrow(
      "refusing to run tests against DRIFTWATCH_TEST_PG_URL (db.example.com:5433)",
    );
  });
});
