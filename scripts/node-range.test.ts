// The Node range README and package.json state must be one every installed dependency declares
// support for: checked at the bottom of each line of the range, over the whole node_modules tree.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

// npm's own range logic (semver is in every npm tree: ESLint, Next and Prisma depend on it; it
// is not a dependency of ours, so it is loaded untyped).
const semver = createRequire(import.meta.url)("semver") as { satisfies: (version: string, range: string) => boolean };

const root = process.cwd();
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { engines: { node: string } };

/** name@version → engines.node of every package installed (nested node_modules too). */
function installedEngines(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".")) continue;
    const p = path.join(dir, name);
    if (name.startsWith("@")) {
      installedEngines(p, out);
      continue;
    }
    const file = path.join(p, "package.json");
    if (!existsSync(file)) continue;
    const j = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string; engines?: { node?: string } };
    if (j.engines?.node) out.set(`${j.name}@${j.version}`, j.engines.node);
    if (existsSync(path.join(p, "node_modules"))) installedEngines(path.join(p, "node_modules"), out);
  }
  return out;
}

describe("the stated Node range", () => {
  const engines = installedEngines(path.join(root, "node_modules"));
  const refusing = (version: string) => [...engines].filter(([, range]) => !semver.satisfies(version, range)).map(([id]) => id).sort();

  it("is what package.json and the README say", () => {
    expect(pkg.engines.node).toBe("^20.19 || ^22.13 || >=24");
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(["Node.js 22.13+ or 24+", "or 20.19+"].filter((s) => !readme.replace(/\s+/g, " ").includes(s))).toEqual([]);
  });

  it("is supported by every dependency at the bottom of each line", () => {
    expect(engines.size).toBeGreaterThan(50);
    expect(refusing("22.13.0")).toEqual([]);
    expect(refusing("24.0.0")).toEqual([]);
    // The one exception the README names: Prisma's `prisma dev` server, never loaded by Driftwatch.
    expect(refusing("20.19.0")).toEqual([expect.stringMatching(/^@prisma\/streams-local@/)]);
    expect(refusing(process.version).filter((id) => !id.startsWith("@prisma/streams-local@"))).toEqual([]);
  });

  it("would be wrong one step lower", () => {
    expect(refusing("20.18.0")).toContain(`@prisma/client@${JSON.parse(readFileSync(path.join(root, "node_modules/@prisma/client/package.json"), "utf8")).version}`);
    expect(refusing("22.12.0").length).toBeGreaterThan(0);
  });
});
