import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { recordBuild, sourceHash, staleBuildHash } from "./build-hash";

let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project() {
  root = mkdtempSync(path.join(tmpdir(), "dw-build-hash-"));
  mkdirSync(path.join(root, "app"));
  mkdirSync(path.join(root, ".next"));
  writeFileSync(path.join(root, "app", "page.tsx"), "export default 1;\n");
  return root;
}

describe("build hash", () => {
  it("asks for a build when there is none, and not after one is recorded", () => {
    const r = project();
    const h = staleBuildHash(r);
    expect(h).toBe(sourceHash(r));
    writeFileSync(path.join(r, ".next", "BUILD_ID"), "x");
    recordBuild(h!, r);
    expect(staleBuildHash(r)).toBeNull();
  });

  it("a file edited while the build ran makes the next start build again", () => {
    const r = project();
    const before = staleBuildHash(r)!;
    writeFileSync(path.join(r, "app", "page.tsx"), "export default 2;\n"); // edit during `next build`
    writeFileSync(path.join(r, ".next", "BUILD_ID"), "x");
    recordBuild(before, r);
    expect(staleBuildHash(r)).toBe(sourceHash(r));
    expect(staleBuildHash(r)).not.toBe(before);
  });

  it("test files do not count as build inputs", () => {
    const r = project();
    const h = sourceHash(r);
    writeFileSync(path.join(r, "app", "page.test.ts"), "it('x', () => {});\n");
    expect(sourceHash(r)).toBe(h);
  });
});
