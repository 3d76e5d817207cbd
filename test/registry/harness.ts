// A real registry (Debian's docker-registry, CNCF distribution) on loopback for tests, with
// plain, htpasswd (Basic) or token (Bearer) auth. Our own config file, never the packaged one
// (that one listens on every interface); everything started is stopped by `stop()`.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort } from "@/lib/server/db/ports";
import { startTokenServer } from "./token-server";

export type RegistryAuth = "none" | "htpasswd" | "token";
export type TestRegistry = {
  host: string;
  url: string;
  auth: RegistryAuth;
  user: string;
  password: string;
  /** Accepted by the token server as an OAuth2 refresh token (docker config `identitytoken`). */
  identityToken: string;
  tokenServer?: Awaited<ReturnType<typeof startTokenServer>>;
  /** Config and storage; removed by stop(). */
  dir: string;
  stop: () => Promise<void>;
};

const USER = "ci";
const PASSWORD = "s3cret-pass";
const IDENTITY_TOKEN = "refresh-4f1c9e";
const SERVICE = "driftwatch-test";
const ISSUER = "driftwatch-test-issuer";
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const BINARY = "/usr/bin/docker-registry";

function configLines(dir: string, port: number): string[] {
  return ["version: 0.1", "log:", "  level: error", "storage:", "  filesystem:", `    rootdirectory: ${dir}/data`, "  delete:", "    enabled: true", "http:", `  addr: 127.0.0.1:${port}`];
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(`${url}/v2/`);
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    if (i > 100 || child.exitCode !== null) throw new Error(`docker-registry did not start: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startRegistry(opts: { auth?: RegistryAuth } = {}): Promise<TestRegistry> {
  const auth = opts.auth ?? "none";
  const dir = mkdtempSync(path.join(tmpdir(), "dw-registry-"));
  let token: TestRegistry["tokenServer"];
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    await token?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await findFreePort();
    const lines = configLines(dir, port);
    if (auth === "htpasswd") {
      writeFileSync(path.join(dir, "htpasswd"), execFileSync("htpasswd", ["-Bbn", USER, PASSWORD]));
      lines.push("auth:", "  htpasswd:", "    realm: driftwatch-test", `    path: ${dir}/htpasswd`);
    } else if (auth === "token") {
      token = await startTokenServer({ user: USER, password: PASSWORD, identityToken: IDENTITY_TOKEN, keyPath: path.join(FIXTURES, "token.key"), service: SERVICE, issuer: ISSUER });
      lines.push("auth:", "  token:", `    realm: ${token.url}/token`, `    service: ${SERVICE}`, `    issuer: ${ISSUER}`, `    rootcertbundle: ${path.join(FIXTURES, "token.crt")}`);
    }
    writeFileSync(path.join(dir, "config.yml"), lines.join("\n") + "\n");
    // Only our settings: no REGISTRY_* from the caller's environment leaks into the test registry.
    const env: NodeJS.ProcessEnv = { ...process.env, REGISTRY_STORAGE_DELETE_ENABLED: "true" };
    for (const k of Object.keys(env)) if (k.startsWith("REGISTRY_") && k !== "REGISTRY_STORAGE_DELETE_ENABLED") delete env[k];
    const proc = spawn(BINARY, ["serve", path.join(dir, "config.yml")], { stdio: ["ignore", "ignore", "pipe"], env });
    child = proc;
    let stderr = "";
    proc.stderr?.on("data", (d) => (stderr += d));
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url, proc, () => stderr);
    return { host: `127.0.0.1:${port}`, url, auth, user: USER, password: PASSWORD, identityToken: IDENTITY_TOKEN, tokenServer: token, dir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
