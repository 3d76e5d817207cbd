// Decides whether `npm start` must rebuild: a hash of everything that goes into `next build`.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../lib/server/db/paths";

const INPUTS = ["app", "components", "lib", "public", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", ".next", "generated"]);
const stampFile = () => path.join(projectRoot, ".next", "driftwatch-build-hash");

function walk(p: string, hash: ReturnType<typeof createHash>) {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) {
      if (!SKIP.has(name) && !name.endsWith(".test.ts") && !name.endsWith(".itest.ts")) walk(path.join(p, name), hash);
    }
  } else {
    hash.update(path.relative(projectRoot, p)).update("\0").update(readFileSync(p)).update("\0");
  }
}

export function sourceHash(): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) walk(path.join(projectRoot, input), hash);
  return hash.digest("hex");
}

export function buildIsCurrent(): boolean {
  const f = stampFile();
  return existsSync(path.join(projectRoot, ".next", "BUILD_ID")) && existsSync(f) && readFileSync(f, "utf8") === sourceHash();
}

export function recordBuild() {
  writeFileSync(stampFile(), sourceHash());
}
