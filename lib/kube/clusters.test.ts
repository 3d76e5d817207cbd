import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { loadClusterSources } from "./clusters";

let dir: string;
let savedEnv: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "dw-kubeconfig-"));
  savedEnv = process.env.KUBECONFIG;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (savedEnv === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = savedEnv;
});

const write = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : stringify(content));
  return file;
};

const cluster = (name: string, server = `https://${name}.example:6443`) => ({ name, cluster: { server, "certificate-authority-data": "LS0t" } });
const user = (name: string) => ({ name, user: { token: `token-${name}` } });
const context = (name: string, c: string, u?: string, extensions?: unknown[]) => ({ name, context: { cluster: c, ...(u ? { user: u } : {}), ...(extensions ? { extensions } : {}) } });
const kubeconfig = (o: { clusters?: unknown[]; users?: unknown[]; contexts?: unknown[] }) => ({ apiVersion: "v1", kind: "Config", "current-context": "", clusters: [], users: [], contexts: [], ...o });

describe("loadClusterSources", () => {
  it("loads every context, each with a KubeConfig scoped to it, and environments from the map or a context extension", () => {
    const file = write("config", kubeconfig({
      clusters: [cluster("eu"), cluster("us")],
      users: [user("admin")],
      contexts: [context("prod-eu", "eu", "admin", [{ name: "driftwatch", extension: { environment: "prod" } }]), context("prod-us", "us", "admin"), context("lab", "us")],
    }));
    const { clusters, errors } = loadClusterSources({ kubeconfigPath: file, environments: { "prod-us": "prod", "prod-eu": "production" } });
    expect(errors).toEqual([]);
    expect(clusters.map((c) => [c.name, c.environment, c.server])).toEqual([
      ["prod-eu", "production", "https://eu.example:6443"],
      ["prod-us", "prod", "https://us.example:6443"],
      ["lab", null, "https://us.example:6443"],
    ]);
    const eu = clusters[0]!.kubeConfig;
    expect([eu.getCurrentContext(), eu.getContexts().length, eu.getCurrentUser()?.token]).toEqual(["prod-eu", 1, "token-admin"]);
    expect(loadClusterSources({ kubeconfigPath: file, contexts: ["prod-eu"] }).clusters[0]!.environment).toBe("prod");
    expect(loadClusterSources({ kubeconfigPath: file, contexts: "all" }).clusters.map((c) => c.name)).toEqual(["prod-eu", "prod-us", "lab"]);
    expect(loadClusterSources({ kubeconfigPath: file, contexts: ["lab", "prod-us"] }).clusters.map((c) => c.name)).toEqual(["lab", "prod-us"]);
  });

  it("reports a missing file, invalid YAML and a non-kubeconfig as values", () => {
    expect(loadClusterSources({ kubeconfigPath: path.join(dir, "nope") }).errors).toEqual([{ source: path.join(dir, "nope"), message: `kubeconfig ${path.join(dir, "nope")} does not exist` }]);
    const bad = write("bad", "clusters: [\n  - name: x\n   cluster: {");
    expect(loadClusterSources({ kubeconfigPath: bad })).toMatchObject({ clusters: [], errors: [{ source: bad, message: expect.stringMatching(/cannot be read: .*line/) }] });
    const list = write("list", "- a\n- b\n");
    expect(loadClusterSources({ kubeconfigPath: list }).errors[0]!.message).toMatch(/is not a kubeconfig/);
    const empty = write("empty", kubeconfig({}));
    expect(loadClusterSources({ kubeconfigPath: empty }).errors[0]!.message).toMatch(/defines no contexts/);
  });

  it("never copies credentials from a broken file into its error", () => {
    const secret = "s3cr3t-token-value-0123456789";
    const bad = write("leaky", `users:\n- name: admin\n  user: { token: ${secret}\ncontexts: [`);
    const { errors } = loadClusterSources({ kubeconfigPath: bad });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/cannot be read/);
    expect(JSON.stringify(errors)).not.toContain(secret);
  });

  it.each([
    ["an alias to no anchor", `users:\n- name: admin\n  user:\n    token: *SECRET\n`, "invalid YAML (an alias refers to no anchor)"],
    ["a nested compact mapping", `users:\n- name: admin\n  user: token: SECRET\n`, "invalid YAML (BLOCK_AS_IMPLICIT_KEY at line 3, column 9)"],
    ["a bad escape", `users:\n- name: admin\n  user: { token: "SECRET\\q" }\n`, "invalid YAML (BAD_DQ_ESCAPE at line 3, column 36)"],
  ])("reports %s by kind and position, never quoting the file", (_what, text, problem) => {
    const secret = "tok-3f9a1c-canary";
    const bad = write(`leaky-${problem.length}`, text.replace("SECRET", secret));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      expect(loadClusterSources({ kubeconfigPath: bad }).errors).toEqual([{ source: bad, message: `kubeconfig ${bad} cannot be read: ${problem}` }]);
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it("prints no YAML warning quoting the file (an unknown tag on a token)", async () => {
    const secret = "tok-warning-canary-0123";
    const file = write("tagged", `users:\n- name: admin\n  user:\n    token: !${secret} value\n`);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      loadClusterSources({ kubeconfigPath: file });
      await new Promise((r) => setImmediate(r)); // process warnings are emitted on the next tick
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it("reports each broken context precisely and keeps the good ones", () => {
    const file = write("config", kubeconfig({
      clusters: [cluster("ok"), { name: "noserver", cluster: { "insecure-skip-tls-verify": true } }],
      users: [user("admin")],
      contexts: [context("good", "ok", "admin"), context("ghost-cluster", "missing", "admin"), context("ghost-user", "ok", "nobody"), context("no-server", "noserver", "admin"), { name: "no-cluster", context: { user: "admin" } }],
    }));
    const { clusters, errors } = loadClusterSources({ kubeconfigPath: file });
    expect(clusters.map((c) => c.name)).toEqual(["good"]);
    expect(Object.fromEntries(errors.map((e) => [e.source, e.message]))).toEqual({
      "ghost-cluster": `context "ghost-cluster" in ${file} names cluster "missing", which is not defined`,
      "ghost-user": `context "ghost-user" in ${file} names user "nobody", which is not defined`,
      "no-server": `context "no-server" in ${file} names cluster "noserver", which has no server URL (clusters[].cluster.server) in ${file}`,
      "no-cluster": `context "no-cluster" in ${file} names no cluster (contexts[].context.cluster)`,
    });
  });

  it("reports an unknown requested context with the ones available", () => {
    const file = write("config", kubeconfig({ clusters: [cluster("a")], contexts: [context("a", "a"), context("b", "a")] }));
    expect(loadClusterSources({ kubeconfigPath: file, contexts: ["b", "zzz"] })).toMatchObject({
      clusters: [{ name: "b" }],
      errors: [{ source: "zzz", message: 'context "zzz" is not in the kubeconfig (it has: a, b)' }],
    });
  });

  it("merges KUBECONFIG files like kubectl: first definition wins, references may cross files, a broken file is its own error", () => {
    const one = write("one", kubeconfig({ clusters: [cluster("shared", "https://first:6443")], users: [user("admin")], contexts: [context("x", "shared", "admin")] }));
    const two = write("two", kubeconfig({ clusters: [cluster("shared", "https://second:6443")], contexts: [context("x", "shared"), context("y", "shared", "admin")] }));
    process.env.KUBECONFIG = [one, path.join(dir, "missing"), two].join(path.delimiter);
    const { clusters, errors } = loadClusterSources({});
    expect(clusters.map((c) => [c.name, c.server, c.kubeConfig.getCurrentUser()?.name ?? null])).toEqual([
      ["x", "https://first:6443", "admin"],
      ["y", "https://first:6443", "admin"],
    ]);
    expect(errors).toEqual([{ source: path.join(dir, "missing"), message: expect.stringMatching(/does not exist/) }]);
  });

  it("makes relative certificate paths absolute against the kubeconfig's folder", () => {
    const file = write("config", kubeconfig({ clusters: [{ name: "a", cluster: { server: "https://a:6443", "certificate-authority": "certs/ca.crt" } }], contexts: [context("a", "a")] }));
    expect(loadClusterSources({ kubeconfigPath: file }).clusters[0]!.kubeConfig.getCurrentCluster()?.caFile).toBe(path.join(dir, "certs/ca.crt"));
  });

  it("reports the in-cluster service account as unavailable outside a pod", () => {
    const { clusters, errors } = loadClusterSources({ inCluster: true });
    expect(clusters).toEqual([]);
    expect(errors).toEqual([{ source: "in-cluster", message: expect.stringMatching(/^cannot use the in-cluster service account/) }]);
  });
});
