// `npm run bench -- registry [tags]`: resolve 1,000 distinct tags on a real registry (Debian's
// docker-registry on loopback), twice, and compare with the raw HEAD rate of the same registry
// measured in the same run by a plain keep-alive loop at the same concurrency.
//   pass 1: cold caches (every tag HEADed, each never-seen index fetched once)
//   pass 2: tag TTL expired (every tag HEADed again), indexes already known: no GETs expected
// Targets: pass 1 ≥ 80% of the raw HEAD rate; zero GETs in pass 2.
import { Agent, request } from "undici";
import { startRegistry } from "@/test/registry/harness";
import { createPusher, type Pushed } from "@/test/registry/push";
import { createResolver } from "@/lib/oci/resolver";
import { MANIFEST_ACCEPT } from "@/lib/oci/media-types";

const CONCURRENCY = 8; // the resolver's default per-host limit
const perSecond = (n: number, ms: number) => (n / ms) * 1000;

async function pool<T>(items: T[], concurrency: number, fn: (t: T) => Promise<unknown>) {
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}

/** HEAD every tag with a bare keep-alive client: the ceiling for this registry on this machine. */
async function rawHeadRate(url: string, tags: string[]): Promise<number> {
  const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });
  const t0 = performance.now();
  await pool(tags, CONCURRENCY, async (t) => {
    const res = await request(`${url}/v2/bench/app/manifests/${t}`, { method: "HEAD", headers: { accept: MANIFEST_ACCEPT }, dispatcher: agent });
    if (res.statusCode !== 200) throw new Error(`raw HEAD ${t}: ${res.statusCode}`);
    await res.body.dump();
  });
  const ms = performance.now() - t0;
  await agent.close();
  return perSecond(tags.length, ms);
}

export async function run(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 1000);
  const reg = await startRegistry();
  try {
    const push = createPusher(reg);
    const images: Pushed[] = [];
    for (let i = 0; i < 5; i++) images.push(await push.pushIndex("bench/app", `seed-idx-${i}`, `idx-${i}`, ["linux/amd64", "linux/arm64"]));
    for (let i = 0; i < 5; i++) images.push(await push.pushImage("bench/app", `seed-img-${i}`, `img-${i}`));
    const tags = Array.from({ length: count }, (_, i) => `t${i}`);
    await pool(tags, CONCURRENCY, (t) => push.tag("bench/app", t, images[Number(t.slice(1)) % images.length]!));
    console.log(`registry ${reg.host}: ${count} tags over ${images.length} images (5 OCI indexes, 5 single manifests), concurrency ${CONCURRENCY}`);

    // One discarded loop warms the registry (its filesystem reads) and this process (JIT, sockets);
    // then the raw rate is measured before and after the resolver, the better one being the ceiling.
    await rawHeadRate(reg.url, tags);
    const rawBefore = await rawHeadRate(reg.url, tags);
    let clock = 0;
    const resolver = createResolver({ insecureHosts: [reg.host], maxPerHost: CONCURRENCY, tagTtlMs: 60_000, now: () => clock });
    const passes: { rate: number; head: number; get: number; failed: number }[] = [];
    for (let pass = 0; pass < 2; pass++) {
      const before = resolver.stats();
      const t0 = performance.now();
      const results = await Promise.all(tags.map((t) => resolver.resolve(`${reg.host}/bench/app:${t}`)));
      const ms = performance.now() - t0;
      const after = resolver.stats();
      passes.push({ rate: perSecond(count, ms), head: after.head - before.head, get: after.get - before.get, failed: results.filter((r) => !r.ok).length });
      clock += 120_000; // past the tag TTL: the next pass asks the registry again, indexes stay known
    }
    await resolver.close();
    const rawAfter = await rawHeadRate(reg.url, tags);
    const raw = Math.max(rawBefore, rawAfter);

    console.log(`raw HEAD loop: ${rawBefore.toFixed(0)}/s before, ${rawAfter.toFixed(0)}/s after → ceiling ${raw.toFixed(0)}/s`);
    passes.forEach((p, i) => {
      console.log(`resolver pass ${i + 1}: ${p.rate.toFixed(0)} resolutions/s = ${((p.rate / raw) * 100).toFixed(0)}% of raw; HEAD ${p.head}, GET ${p.get}, failed ${p.failed}`);
    });
    const [p1, p2] = passes as [(typeof passes)[0], (typeof passes)[0]];
    console.log(`targets: pass 1 ≥ 80% of raw: ${p1.rate >= 0.8 * raw ? "met" : "MISSED"}; pass 2 GETs = 0: ${p2.get === 0 ? "met" : "MISSED"}`);
  } finally {
    await reg.stop();
  }
}
