// Decides whether `npm start` must rebuild: a hash of everything that goes into `next build`.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../lib/server/db/paths";

const INPUTS = ["app", "components", "lib", "public", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", ".next", "generated"]);
const stampFile = (root: string) => path.join(root, ".next", "driftwatch-build-hash");

function walk(root: string, p: string, hash: ReturnType<typeof createHash>) {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) {
      if (!SKIP.has(name) && !name.endsWith(".test.ts") && !name.endsWith(".itest.ts")) walk(root, path.join(p, name), hash);
    }
  } else {
    hash.update(path.relative(root, p)).update("\0").update(readFileSync(p)).update("\0");
  }
}

export function sourceHash(root = projectRoot): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) walk(root, path.join(root, input), hash);
  return hash.digest("hex");
}

/** The hash to build from, or null when the last build is of these sources already. */
export function staleBuildHash(root = projectRoot): string | null {
  const f = stampFile(root);
  const hash = sourceHash(root);
  const current = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(f) && readFileSync(f, "utf8") === hash;
  return current ? null : hash;
}

/**
 * Records the hash taken *before* the build: a file edited while `next build` ran changes the
 * hash, so the next start builds again instead of trusting a build of the older sources.
 */
export function recordBuild(hashBeforeBuild: string, root = projectRoot) {
  writeFileSync(stampFile(root), hashBeforeBuild);
}
