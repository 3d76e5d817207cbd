// System programs the tests drive for real. Missing ones are installed with apt-get when we are
// root on Debian/Ubuntu; otherwise the run stops with the exact command to run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { userInfo } from "node:os";

type Prereq = { bin: string; pkg: string; why: string };

export const PREREQS: Prereq[] = [
  { bin: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", pkg: "chromium", why: "end-to-end tests (Playwright)" },
  { bin: "/usr/bin/docker-registry", pkg: "docker-registry", why: "registry integration tests (a real registry)" },
  { bin: "/usr/bin/htpasswd", pkg: "apache2-utils", why: "registry Basic-auth tests" },
  { bin: "/usr/bin/skopeo", pkg: "skopeo", why: "cross-checking digests with a second registry client" },
  { bin: "/usr/bin/kubectl", pkg: "kubectl", why: "kubectl against the simulated clusters" },
  { bin: "/usr/bin/openssl", pkg: "openssl", why: "test certificates" },
];

export function ensurePrereqs(log: (m: string) => void): void {
  const missing = PREREQS.filter((p) => !existsSync(p.bin));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((p) => p.pkg))];
  const cmd = `apt-get update && apt-get install -y ${pkgs.join(" ")}`;
  for (const p of missing) log(`missing ${p.bin} (Debian package ${p.pkg}), needed for ${p.why}`);
  const canApt = userInfo().uid === 0 && spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (!canApt) {
    throw new Error(`install the missing system packages first:\n  sudo ${cmd}`);
  }
  log(`installing: ${pkgs.join(" ")}`);
  execFileSync("sh", ["-c", cmd], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  const still = PREREQS.filter((p) => !existsSync(p.bin));
  if (still.length) throw new Error(`still missing after apt-get: ${still.map((p) => p.bin).join(", ")}`);
}
