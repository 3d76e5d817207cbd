// Must-show: no fragment of a credential reaches an API response, a page, a log line or a row.
// A unique canary string is planted in a malformed DRIFTWATCH_DOCKER_CONFIG and in pull secrets
// (malformed JSON, a malformed shape with the canary as a registry key, a legacy .dockercfg cut
// short, and a well-formed secret whose password is the canary, which the registry refuses).
// Driftwatch itself runs as a user starts it (scripts/start.ts: next start, its own poller)
// against the simulated fleet and a fresh Postgres; then every GET route under app/api and every
// page is fetched over HTTP (pages also rendered in Chromium), the app's stdout/stderr are
// searched, and every table is dumped as text and searched — for fragments of the canary and for
// its base64 forms. Checked to fail: with JSON.parse's own message back in parseDockerConfig, the
// API, log and database checks each report the leak.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "@playwright/test";
import { DEMO_FLEET, startSimFleet, type FleetFile, type SimFleetHandle } from "@/sim/index";
import { createTestDatabase } from "./db";

const root = path.resolve(__dirname, "..");
// Letters g–z only: never part of a hex digest, so a window of it cannot match by chance.
const RANDOM = Array.from(randomUUID().replace(/-/g, "") + randomUUID().replace(/-/g, ""), (c) => "ghijklmnopqrstuvwxyz"[parseInt(c, 16)]).join("").slice(0, 24);
const canary = `dwcanary${RANDOM}`;
const b64 = (s: string) => Buffer.from(s).toString("base64");

/**
 * What counts as a fragment: the prefix, any 8 characters in a row of the random part (Node's
 * JSON.parse quotes just the first 10 characters of its input, for one), and the canary inside
 * base64 at each of the three byte alignments.
 */
function fragments(secret: string): string[] {
  const out = ["dwcanary"];
  for (let i = 0; i + 8 <= RANDOM.length; i++) out.push(RANDOM.slice(i, i + 8));
  for (const pad of [0, 1, 2]) {
    const enc = b64("x".repeat(pad) + secret);
    // Only the 3-byte groups made of the canary's bytes alone encode the same way everywhere.
    const first = Math.ceil(pad / 3);
    const last = Math.floor((pad + secret.length) / 3);
    out.push(enc.slice(4 * first, 4 * last));
  }
  return out;
}
const FRAGMENTS = fragments(canary);
const leaks = (text: string) => FRAGMENTS.filter((f) => text.includes(f));

/** Every file named `name` under `dir`, as paths relative to `dir`. */
function findFiles(dir: string, name: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((e) => {
    const r = path.join(rel, e);
    if (statSync(path.join(dir, r)).isDirectory()) return findFiles(dir, name, r);
    return e === name ? [r] : [];
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe("a credential canary in the docker config and the pull secrets", () => {
  let sim: SimFleetHandle;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ChildProcess;
  let base = "";
  let logs = "";
  const dir = mkdtempSync(path.join(tmpdir(), "dw-canary-"));
  const secretNames = ["canary-json", "canary-shape", "canary-legacy", "canary-password"];

  beforeAll(async () => {
    type Raw = { registry: { repositories: Record<string, unknown> }; clusters: { name: string; workloads: unknown[] }[] };
    const fleet = parseYaml(readFileSync(DEMO_FLEET, "utf8")) as Raw;
    // A private repository only this workload pulls: only its own (canary) secrets are tried for it.
    fleet.registry.repositories["finance/vault"] = { tags: { "1": "ledger-3.1" }, private: true };
    fleet.clusters.find((c) => c.name === "prod-eu")?.workloads.push({
      kind: "Deployment", namespace: "finance", name: "vault-client", replicas: 1, imagePullSecrets: secretNames,
      containers: [{ name: "app", image: "finance/vault:1" }],
    });
    sim = await startSimFleet({ fleet: fleet as unknown as FleetFile, outDir: dir });
    const host = sim.registryHost;
    const store = sim.worlds.get("prod-eu")!.store;
    const secret = (name: string, type: string, key: string, payload: string) =>
      store.create("secrets", { apiVersion: "v1", kind: "Secret", type, metadata: { name, namespace: "finance" }, data: { [key]: b64(payload) } });
    secret("canary-json", "kubernetes.io/dockerconfigjson", ".dockerconfigjson", `${canary} {"auths": {}}`);
    secret("canary-shape", "kubernetes.io/dockerconfigjson", ".dockerconfigjson", JSON.stringify({ auths: { [canary]: { auth: 42 }, [host]: { password: [canary] } } }));
    secret("canary-legacy", "kubernetes.io/dockercfg", ".dockercfg", `{"${host}": {"auth": "${b64(`puller:${canary}`)}`);
    secret("canary-password", "kubernetes.io/dockerconfigjson", ".dockerconfigjson", JSON.stringify({ auths: { [host]: { username: "puller", password: canary, auth: b64(`puller:${canary}`) } } }));
    const dockerConfig = path.join(dir, "docker-config.json");
    writeFileSync(dockerConfig, `${canary}{"auths": {"${host}": {"auth": "${b64(`ci:${canary}`)}"}}}`);

    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production",
        PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: db.url, DRIFTWATCH_DEMO: "0",
        DRIFTWATCH_KUBECONFIG: sim.kubeconfigPath, DRIFTWATCH_DOCKER_CONFIG: dockerConfig,
        DRIFTWATCH_INSECURE_REGISTRIES: host, DRIFTWATCH_PULL_SECRETS: "on", DRIFTWATCH_POLL_INTERVAL_SECONDS: "5",
        DRIFTWATCH_POLL_NOW_EVERY_SECONDS: "0", DRIFTWATCH_LOG_LEVEL: "debug",
        DRIFTWATCH_ENVIRONMENTS: sim.clusters.map((c) => `${c.context}=${c.environment}`).join(","),
      } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    app.stdout!.on("data", (d: Buffer) => void (logs += d.toString()));
    app.stderr!.on("data", (d: Buffer) => void (logs += d.toString()));
    // First start may build the app (next build): give it time.
    for (let i = 0; ; i++) {
      if (app.exitCode !== null) throw new Error(`Driftwatch exited (${app.exitCode}):\n${logs.slice(-4000)}`);
      const up = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
      if (up) break;
      if (i > 1200) throw new Error(`Driftwatch did not start:\n${logs.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // Two rounds of "poll now": secrets are read in the first, cached in the second.
    for (let round = 0; round < 2; round++) {
      const res = await fetch(`${base}/api/poll?wait=true`, { method: "POST" });
      expect(res.status).toBe(200);
    }
  }, 900_000);

  afterAll(async () => {
    if (app && app.exitCode === null) {
      const exited = new Promise((r) => app.once("exit", r));
      app.kill("SIGTERM");
      await exited;
    }
    await sim?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("reports each planted problem by position and kind (so the canary really was read)", async () => {
    const clusters = (await (await fetch(`${base}/api/clusters`)).json()) as {
      configErrors: { source: string; message: string }[];
      items: { name: string; lastPoll: { gaps: { resource: string; code: string; message: string }[] } | null }[];
    };
    expect(clusters.configErrors.map((e) => e.message)).toEqual([
      `DRIFTWATCH_DOCKER_CONFIG ${path.join(dir, "docker-config.json")}: docker config is not valid JSON at line 1, column 1 (character 0): unexpected character; registries are asked without these credentials`,
    ]);
    const gaps = clusters.items.find((c) => c.name === "prod-eu")!.lastPoll!.gaps.filter((g) => g.resource === "secrets");
    expect(gaps.map((g) => g.message).sort()).toEqual([
      "secret finance/canary-json: docker config is not valid JSON at line 1, column 1 (character 0): unexpected character",
      `secret finance/canary-legacy: docker config is not valid JSON at line 1, column ${sim.registryHost.length + 15} (character ${sim.registryHost.length + 14}): unterminated string`,
      "secret finance/canary-shape: docker config: auths.<registry entry>.auth: expected string",
    ]);
    // The well-formed secret was used, and refused by the registry.
    const w = (await (await fetch(`${base}/api/workloads/prod-eu/finance/Deployment/vault-client`)).json()) as { containers: { resolution: { status: string; code?: string } | null }[] };
    expect(w.containers.map((c) => [c.resolution?.status, c.resolution?.code])).toEqual([["error", "UNAUTHORIZED"]]);
  });

  it("is in no API response (every GET route under app/api)", async () => {
    const routes = findFiles(path.join(root, "app/api"), "route.ts").filter((f) => /export const GET\b/.test(readFileSync(path.join(root, "app/api", f), "utf8")));
    const values: Record<string, string> = { cluster: "prod-eu", namespace: "finance", kind: "Deployment", name: "vault-client", correlationId: randomUUID() };
    const urls = routes.map((r) => `/api/${path.dirname(r).replace(/\[(\w+)\]/g, (_m, k: string) => values[k] ?? k)}`.replace(/\/\.$/, ""));
    const extra = ["/api/workloads?q=vault", "/api/workloads?drift=any", "/api/changes?since=2000-01-01T00:00:00Z", "/api/audit?format=csv", "/api/audit?format=ndjson", "/api/nodes?cluster=prod-eu", "/api/summary?cluster=prod-eu"];
    expect(urls.length).toBeGreaterThanOrEqual(10);
    const answers = await Promise.all([...urls, ...extra].map(async (u) => {
      const res = await fetch(`${base}${u}`);
      return { u, status: res.status, body: await res.text() };
    }));
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.map((a) => ({ u: a.u, leaks: leaks(a.body) })).filter((a) => a.leaks.length)).toEqual([]);
  });

  it("is in no page, as served and as Chromium renders it", async () => {
    const pages = findFiles(path.join(root, "app"), "page.tsx").map((p) => `/${path.dirname(p).replace(/\[(\w+)\]/g, (_m, k: string) => ({ cluster: "prod-eu", namespace: "finance", kind: "Deployment", name: "vault-client" })[k] ?? k)}`.replace(/\/\.$/, "/"));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    const served = await Promise.all(pages.map(async (p) => {
      const res = await fetch(`${base}${p}`);
      return { p, status: res.status, body: await res.text() };
    }));
    expect(served.map((a) => [a.p, a.status])).toEqual(pages.map((p) => [p, 200]));
    // Client components load their data after the HTML: what a person sees is the rendered DOM.
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
    const rendered: { p: string; dom: string }[] = [];
    try {
      const page = await browser.newPage();
      for (const p of pages) {
        await page.goto(`${base}${p}`);
        await page.waitForLoadState("networkidle");
        rendered.push({ p, dom: await page.content() });
      }
    } finally {
      await browser.close();
    }
    // The fleet and workload pages did render the planted workload (so their data was loaded).
    expect(["/", "/workloads/prod-eu/finance/Deployment/vault-client"].map((p) => rendered.find((r) => r.p === p)?.dom.includes("vault-client"))).toEqual([true, true]);
    const found = [...served.map((a) => ({ p: a.p, body: a.body })), ...rendered.map((r) => ({ p: `${r.p} (rendered)`, body: r.dom }))];
    expect(found.map((a) => ({ p: a.p, leaks: leaks(a.body) })).filter((a) => a.leaks.length)).toEqual([]);
  });

  it("is in no log line", () => {
    const lines = logs.split("\n").filter(Boolean);
    expect(lines.filter((l) => l.includes('"msg":"poll finished"')).length).toBeGreaterThanOrEqual(6);
    expect(lines.filter((l) => leaks(l).length)).toEqual([]);
  });

  it("is in no database row (every table dumped as text)", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const tables = (await client.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).rows.map((r) => r.t);
      expect(tables).toEqual(expect.arrayContaining(["poll", "cluster", "workload", "workload_state", "tag_resolution"]));
      const found: string[] = [];
      let rows = 0;
      for (const t of tables) {
        const dump = await client.query<{ row: string }>(`SELECT x::text AS row FROM "${t}" x`);
        rows += dump.rows.length;
        for (const r of dump.rows) if (leaks(r.row).length) found.push(`${t}: ${r.row.slice(0, 200)}`);
      }
      expect(rows).toBeGreaterThan(50);
      expect(found).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
