// Where and why a text is not JSON, without quoting it. Node's JSON.parse error messages quote
// the start of their input ("Unexpected token 'a', "abc…" is not valid JSON"), and the inputs
// here are docker configs and pull secrets: a quoted fragment could be a password. This scanner
// follows the JSON grammar (RFC 8259) and reports only a position and a fixed description.

export type JsonSyntaxError = { position: number; line: number; column: number; kind: string };

const MAX_DEPTH = 512;
const WS = new Set([" ", "\t", "\n", "\r"]);
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX = /^[0-9a-fA-F]{4}$/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Stop {
  constructor(readonly at: number, readonly kind: string) {}
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (kind: string, at = i): never => {
    throw new Stop(at, at >= text.length ? "unexpected end of input" : kind);
  };
  const skip = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) if (text[i++] !== ch) fail("invalid literal", i - 1);
  };
  const string = () => {
    const start = i++;
    for (;;) {
      if (i >= text.length) fail("unterminated string", start);
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail("control character in a string");
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!HEX.test(text.slice(i + 2, i + 6))) fail("invalid \\u escape in a string", i + 1);
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) i += 2;
        else fail("invalid escape in a string", i + 1);
      } else i++;
    }
  };
  const number = () => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === "-" || m[0].length === 0) fail("invalid number");
    const end = i + m![0].length;
    // "1." or "1e" or "01": the regex stops early; what follows must not continue the number.
    if (/[0-9.eE+-]/.test(text[end] ?? "")) fail("invalid number", end);
    i = end;
  };
  const container = (close: "}" | "]", depth: number) => {
    i++;
    skip();
    if (text[i] === close) return void i++;
    for (;;) {
      if (close === "}") {
        if (text[i] !== '"') fail("expected a property name in double quotes");
        string();
        skip();
        if (text[i] !== ":") fail("expected ':' after a property name");
        i++;
      }
      value(depth + 1);
      skip();
      if (text[i] === ",") {
        i++;
        skip();
        continue;
      }
      if (text[i] === close) return void i++;
      fail(close === "}" ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element");
    }
  };
  const value = (depth: number) => {
    if (depth > MAX_DEPTH) fail("nested too deeply");
    skip();
    const c = text[i];
    if (c === "{") container("}", depth);
    else if (c === "[") container("]", depth);
    else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number();
    else fail("unexpected character");
  };
  try {
    value(0);
    skip();
    if (i < text.length) fail("unexpected content after the JSON value");
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const at = Math.min(e.at, text.length);
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    return { position: at, line, column: at - before.lastIndexOf("\n"), kind: e.kind };
  }
}

/** "not valid JSON at line 2, column 7 (character 19): expected ':' after a property name". */
export function describeJsonSyntax(text: string): string {
  const e = findJsonSyntaxError(text);
  // JSON.parse refused what the grammar accepts: say so without any detail from the input.
  if (!e) return "not valid JSON";
  return `not valid JSON at line ${e.line}, column ${e.column} (character ${e.position}): ${e.kind}`;
}
