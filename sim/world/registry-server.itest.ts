import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { RegistryModel, basicAuth } from "./registry";
import { startRegistryServer } from "./registry-server";

describe("the simulated registry server", () => {
  it("listens on the port asked for when it is free, and elsewhere when it is taken", async () => {
    const first = await startRegistryServer(new RegistryModel());
    const port = Number(first.host.split(":")[1]);
    await first.stop();
    const again = await startRegistryServer(new RegistryModel(), { port });
    expect(again.host).toBe(`127.0.0.1:${port}`);
    const busy = await startRegistryServer(new RegistryModel(), { port });
    expect(busy.host).not.toBe(`127.0.0.1:${port}`);
    await Promise.all([again.stop(), busy.stop()]);
  });

  it("answers 401 with a Basic challenge for a private repository, and 200 with its credentials", async () => {
    const model = new RegistryModel();
    model.addBuild({ name: "b1", platforms: ["linux/amd64"], format: "oci" });
    model.setTag("team/secret", "1", "b1");
    model.setTag("team/open", "1", "b1");
    model.privateRepos.add("team/secret");
    const reg = await startRegistryServer(model);
    try {
      const url = (repo: string) => `http://${reg.host}/v2/${repo}/manifests/1`;
      const accept = { accept: "application/vnd.oci.image.manifest.v1+json" };
      expect((await fetch(url("team/open"), { method: "HEAD", headers: accept })).status).toBe(200);
      const refused = await fetch(url("team/secret"), { headers: accept });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
      expect((await refused.json()).errors[0].code).toBe("UNAUTHORIZED");
      const wrong = await fetch(url("team/secret"), { headers: { ...accept, authorization: basicAuth({ username: "sim-puller", password: "nope" }) } });
      expect(wrong.status).toBe(401);
      const ok = await fetch(url("team/secret"), { headers: { ...accept, authorization: basicAuth(model.credentials) } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("docker-content-digest")).toMatch(/^sha256:/);
    } finally {
      await reg.stop();
    }
  });

  it("answers a fault for `count` requests, then normally again", async () => {
    const model = new RegistryModel();
    model.addBuild({ name: "b1", platforms: ["linux/amd64"], format: "oci" });
    model.setTag("team/open", "1", "b1");
    const reg = await startRegistryServer(model);
    try {
      const head = () => fetch(`http://${reg.host}/v2/team/open/manifests/1`, { method: "HEAD", headers: { accept: "application/vnd.oci.image.manifest.v1+json" } });
      await reg.setFault({ status: 429, count: 2, retryAfterSeconds: 7 });
      const first = await head();
      expect([first.status, first.headers.get("retry-after")]).toEqual([429, "7"]);
      expect(reg.currentFault()).toMatchObject({ status: 429, count: 1 });
      expect((await head()).status).toBe(429);
      expect((await head()).status).toBe(200);
      expect(reg.currentFault()).toBeUndefined();
      await expect(reg.setFault({ status: 418 })).rejects.toThrow();
      await expect(reg.setFault({ status: 503, remaining: 2 })).rejects.toThrow(); // one field: count
      await expect(reg.setFault({ status: "unreachable", count: 2 })).rejects.toThrow(/durationMs/);
    } finally {
      await reg.stop();
    }
  });

  it("accepts and never answers under a timeout fault; refuses connections while unreachable; recovers from both", async () => {
    const model = new RegistryModel();
    model.addBuild({ name: "b1", platforms: ["linux/amd64"], format: "oci" });
    model.setTag("team/open", "1", "b1");
    const reg = await startRegistryServer(model);
    const url = `http://${reg.host}/v2/team/open/manifests/1`;
    const head = (signal?: AbortSignal) => fetch(url, { method: "HEAD", headers: { accept: "application/vnd.oci.image.manifest.v1+json" }, ...(signal ? { signal } : {}) });
    const failure = (p: Promise<unknown>) => p.then(() => "answered", (e: { name?: string; cause?: { code?: string } }) => e.cause?.code ?? e.name);
    // A new TCP connection, as a client without a pooled one makes it.
    const dial = () =>
      new Promise<string>((resolve) => {
        const [host, port] = reg.host.split(":");
        const socket = connect(Number(port), host!, () => (socket.destroy(), resolve("connected")));
        socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
    try {
      await reg.setFault({ status: "timeout" });
      const before = reg.requests();
      expect(await failure(head(AbortSignal.timeout(300)))).toBe("TimeoutError");
      expect(reg.requests()).toBe(before + 1); // the request arrived: accepted, never answered
      await reg.setFault({ status: "unreachable" });
      expect(await dial()).toBe("ECONNREFUSED");
      await reg.setFault(undefined);
      expect((await head()).status).toBe(200);
      await reg.setFault({ status: "unreachable", durationMs: 200 });
      expect(await dial()).toBe("ECONNREFUSED");
      await new Promise((r) => setTimeout(r, 400));
      expect((await head()).status).toBe(200);
    } finally {
      await reg.stop();
    }
  });
});
