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
});
