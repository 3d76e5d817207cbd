import { describe, expect, it } from "vitest";
import { describeDbError } from "./describe-error";

// Shapes as Prisma 7 with @prisma/adapter-pg throws them (the first one copied from a real
// refused connection; get-health.itest.ts checks that one against a real server).
const prismaError = (message: string, cause?: object) => Object.assign(new Error(message), { name: "PrismaClientKnownRequestError", code: "P2010", ...(cause ? { meta: { driverAdapterError: { name: "DriverAdapterError", cause } } } : {}) });

describe("describeDbError", () => {
  it.each([
    [prismaError("\nInvalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5`", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5 }), "cannot reach PostgreSQL at 127.0.0.1:5"],
    [prismaError("\nInvalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5`"), "Can't reach database server at 127.0.0.1:5"],
    [prismaError("x", { kind: "postgres", code: "57P01", severity: "FATAL", message: "terminating connection due to administrator command" }), "PostgreSQL: terminating connection due to administrator command (57P01)"],
    [prismaError("x", { kind: "AuthenticationFailed", user: "dw" }), "PostgreSQL refused the credentials of user dw"],
    [prismaError("x", { kind: "DatabaseDoesNotExist", db: "gone" }), "database gone does not exist"],
    [prismaError("x", { kind: "ConnectionClosed" }), "the connection to PostgreSQL was closed"],
    [Object.assign(new Error(""), { code: "ECONNREFUSED" }), "ECONNREFUSED"],
    [new Error("first line\nsecond line"), "first line"],
    ["plain text", "plain text"],
  ])("%#", (e, expected) => {
    expect(describeDbError(e)).toBe(expected);
  });
});
