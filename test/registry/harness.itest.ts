// The registry test harness itself: it starts and stops cleanly, pushes deterministic content,
// and deletes what it is asked to.
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { startRegistry } from "./harness";
import { createPusher } from "./push";
import { MANIFEST_ACCEPT } from "@/lib/oci/media-types";

const isListening = (host: string) =>
  new Promise<boolean>((resolve) => {
    const [h, p] = host.split(":");
    const s = connect(Number(p), h!, () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
  });

describe("registry harness", () => {
  it("pushes the same digests for the same seed, deletes by digest, and stops everything", async () => {
    const a = await startRegistry();
    const b = await startRegistry();
    try {
      const [ia, ib] = [await createPusher(a).pushIndex("x/app", "1", "seed", ["linux/amd64", "linux/arm64"]), await createPusher(b).pushIndex("x/app", "1", "seed", ["linux/amd64", "linux/arm64"])];
      expect(ia.digest).toBe(ib.digest);
      expect(ia.children).toEqual(ib.children);
      const other = await createPusher(a).pushImage("x/app", "2", "other-seed");
      expect(other.digest).not.toBe(ia.digest);
      const pusher = createPusher(a);
      await pusher.tag("x/app", "3", other);
      const head = (tag: string) => fetch(`${a.url}/v2/x/app/manifests/${tag}`, { method: "HEAD", headers: { accept: MANIFEST_ACCEPT } });
      expect((await head("3")).headers.get("docker-content-digest")).toBe(other.digest);
      await pusher.deleteDigest("x/app", other.digest);
      expect([(await head("2")).status, (await head("3")).status, (await head("1")).status]).toEqual([404, 404, 200]);
    } finally {
      await a.stop();
      await b.stop();
    }
    expect([await isListening(a.host), await isListening(b.host)]).toEqual([false, false]);
  });

  it.each(["htpasswd", "token"] as const)("requires credentials with %s auth and stops its token server", async (auth) => {
    const reg = await startRegistry({ auth });
    const tokenUrl = reg.tokenServer?.url;
    try {
      expect((await fetch(`${reg.url}/v2/`)).status).toBe(401);
      const pushed = await createPusher(reg).pushImage("p/app", "1", "p");
      expect(pushed.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    } finally {
      await reg.stop();
    }
    if (tokenUrl) expect(await isListening(new URL(tokenUrl).host)).toBe(false);
  });

  it("leaves no storage behind", async () => {
    const reg = await startRegistry();
    await createPusher(reg).pushImage("s/app", "1", "s");
    expect(existsSync(reg.dir)).toBe(true);
    await reg.stop();
    expect(existsSync(reg.dir)).toBe(false);
  });
});
