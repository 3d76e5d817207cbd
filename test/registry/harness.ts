// A real registry (Debian's docker-registry, CNCF distribution) on loopback for tests, with
// plain, htpasswd or token auth; stopped and cleaned up by `stop()`.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@/lib/server/db/ports";
import { startTokenServer } from "./token-server";

export type RegistryAuth = "none" | "htpasswd" | "token";
export type TestRegistry = { host: string; url: string; auth: RegistryAuth; user: string; password: string; stop: () => Promise<void> };

const USER = "ci";
const PASSWORD = "s3cret-pass";
const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), "fixtures");

export async function startRegistry(opts: { auth?: RegistryAuth } = {}): Promise<TestRegistry> {
  const auth = opts.auth ?? "none";
  const dir = mkdtempSync(path.join(tmpdir(), "dw-registry-"));
  const port = await findFreePort();
  const lines = ["version: 0.1", "log:", "  level: error", "storage:", "  filesystem:", `    rootdirectory: ${dir}/data`, "  delete:", "    enabled: true", "http:", `  addr: 127.0.0.1:${port}`];
  let token: Awaited<ReturnType<typeof startTokenServer>> | undefined;
  if (auth === "htpasswd") {
    writeFileSync(path.join(dir, "htpasswd"), execFileSync("htpasswd", ["-Bbn", USER, PASSWORD]));
    lines.push("auth:", "  htpasswd:", "    realm: driftwatch-test", `    path: ${dir}/htpasswd`);
  } else if (auth === "token") {
    token = await startTokenServer({ user: USER, password: PASSWORD, keyPath: path.join(FIXTURES, "token.key"), service: "driftwatch-test" });
    lines.push("auth:", "  token:", `    realm: ${token.url}/token`, "    service: driftwatch-test", "    issuer: driftwatch-test-issuer", `    rootcertbundle: ${path.join(FIXTURES, "token.crt")}`);
  }
  writeFileSync(path.join(dir, "config.yml"), lines.join("\n") + "\n");
  const child: ChildProcess = spawn("/usr/bin/docker-registry", ["serve", path.join(dir, "config.yml")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(`${url}/v2/`);
      if (res.status === 200 || res.status === 401) break;
    } catch {
      // not up yet
    }
    if (i > 100 || child.exitCode !== null) throw new Error(`docker-registry did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host: `127.0.0.1:${port}`, url, auth, user: USER, password: PASSWORD,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      await token?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
