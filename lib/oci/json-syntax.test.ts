import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { describeJsonSyntax, findJsonSyntaxError } from "./json-syntax";

const parses = (s: string) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

describe("findJsonSyntaxError", () => {
  it.each([
    ["{ not json", 2, 1, 3, "expected a property name in double quotes"],
    ['{"auths": {"a": {"auth": "CANARY', 25, 1, 26, "unterminated string"],
    ['{"a":1,}', 7, 1, 8, "expected a property name in double quotes"],
    ["[1 2]", 3, 1, 4, "expected ',' or ']' after an array element"],
    ['{"a":"x\ty"}', 7, 1, 8, "control character in a string"],
    ["", 0, 1, 1, "unexpected end of input"],
    ['{"a":1}}', 7, 1, 8, "unexpected content after the JSON value"],
    ["CANARY", 0, 1, 1, "unexpected character"],
    ['{\n  "a": 01\n}', 10, 2, 9, "invalid number"],
    ['{\n  "a" 1\n}', 8, 2, 7, "expected ':' after a property name"],
    ['["\\x"]', 3, 1, 4, "invalid escape in a string"],
    ['["\\u12G4"]', 3, 1, 4, "invalid \\u escape in a string"],
    ["tru", 3, 1, 4, "unexpected end of input"],
    ["nul!", 3, 1, 4, "invalid literal"],
  ])("%j → position %i (line %i, column %i): %s", (text, position, line, column, kind) => {
    expect(findJsonSyntaxError(text)).toEqual({ position, line, column, kind });
  });

  it("accepts exactly what JSON.parse accepts (JSON-like strings)", () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.json().map((s) => s.slice(0, Math.max(0, s.length - 1))),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom("", ",", "]", "}", ":", '"', "\\", "\t", "-", "0", "e", ".", " ")).map(([s, n, c]) => {
        const at = s.length ? n % s.length : 0;
        return s.slice(0, at) + c + s.slice(at + 1);
      }),
    );
    fc.assert(fc.property(jsonish, (s) => (findJsonSyntaxError(s) === undefined) === parses(s)), { numRuns: 3000 });
  });

  it("accepts exactly what JSON.parse accepts (any string)", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(..."{}[]\":,0123456789-+.eEtrufalsn \t\n\\/bu".split("")), maxLength: 24 }), (s) => (findJsonSyntaxError(s) === undefined) === parses(s)), { numRuns: 5000 });
  });
});

describe("describeJsonSyntax", () => {
  it("names the position and the kind, never the input", () => {
    const text = '{"auths": {"r.example": {"auth": "dXNlcjpDQU5BUlk=", "password": CANARY-secret}}}';
    const message = describeJsonSyntax(text);
    expect(message).toBe("not valid JSON at line 1, column 66 (character 65): unexpected character");
    expect(message).not.toMatch(/CANARY|dXNlcjp/);
  });
});
