// `npm run bench -- registry [tags]`: resolve 1,000 distinct tags on a real registry, twice, and
// compare with the raw HEAD rate of the same registry measured in the same run.
import { Agent, request } from "undici";
import { startRegistry } from "../test/registry/harness";
import { createPusher } from "../test/registry/push";
import { createResolver } from "../lib/oci/resolver";
import { MANIFEST_ACCEPT } from "../lib/oci/media-types";

const rate = (n: number, ms: number) => `${((n / ms) * 1000).toFixed(0)}/s`;

async function pool<T>(items: T[], concurrency: number, fn: (t: T) => Promise<unknown>) {
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}

export async function run(args: string[]) {
  const count = Number(args[0] ?? 1000);
  const reg = await startRegistry();
  try {
    const push = createPusher(reg);
    const images: Awaited<ReturnType<typeof push.image>>[] = [];
    for (let i = 0; i < 5; i++) images.push(await push.index("bench/app", `seed-idx-${i}`, `idx-${i}`, ["linux/amd64", "linux/arm64"]));
    for (let i = 0; i < 5; i++) images.push(await push.image("bench/app", `seed-img-${i}`, `img-${i}`));
    const tags = Array.from({ length: count }, (_, i) => `t${i}`);
    await pool(tags, 8, (t) => push.retag("bench/app", t, images[Number(t.slice(1)) % images.length]!));
    console.log(`registry ${reg.host}: ${count} tags over ${images.length} images (5 OCI indexes, 5 single manifests)`);

    // Raw HEAD rate: a plain keep-alive loop, same concurrency as the resolver's per-host limit.
    const agent = new Agent({ connections: 8, keepAliveTimeout: 30_000 });
    let t0 = performance.now();
    await pool(tags, 8, async (t) => {
      const res = await request(`${reg.url}/v2/bench/app/manifests/${t}`, { method: "HEAD", headers: { accept: MANIFEST_ACCEPT }, dispatcher: agent });
      await res.body.dump();
    });
    const rawMs = performance.now() - t0;
    await agent.close();
    console.log(`raw HEAD loop: ${count} in ${rawMs.toFixed(0)} ms = ${rate(count, rawMs)}`);

    let clock = 0;
    const resolver = createResolver({ insecureHosts: [reg.host], tagTtlMs: 60_000, now: () => clock });
    for (const pass of [1, 2]) {
      const before = resolver.stats();
      t0 = performance.now();
      const results = await Promise.all(tags.map((t) => resolver.resolve(`${reg.host}/bench/app:${t}`)));
      const ms = performance.now() - t0;
      const after = resolver.stats();
      const failed = results.filter((r) => !r.ok).length;
      console.log(`resolver pass ${pass}: ${count} in ${ms.toFixed(0)} ms = ${rate(count, ms)} (${((rawMs / ms) * 100).toFixed(0)}% of raw HEAD rate); HEAD ${after.head - before.head}, GET ${after.get - before.get}, failed ${failed}`);
      clock += 120_000; // past the tag TTL: pass 2 asks the registry again, indexes stay known
    }
    await resolver.close();
  } finally {
    await reg.stop();
  }
}
