// Child process of `npm run bench -- audit`: one export (or the chain verification) through its
// route handler, drained, so the peak RSS (getrusage maxRSS) is its own, not the data generator's.
// argv: <audit | releases | verify> <path?query>
export {};

const [which, url] = process.argv.slice(2);
const mod =
  which === "audit" ? await import("@/app/api/audit/route") : which === "verify" ? await import("@/app/api/audit/verify/route") : await import("@/app/api/releases/route");
const route = mod.GET as (req: Request) => Promise<Response>;
const baseRss = process.memoryUsage().rss;
const t0 = performance.now();
const res = await route(new Request(`http://localhost${url}`));
if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
let bytes = 0;
let lines = 0;
const small: Uint8Array[] = [];
const reader = res.body!.getReader();
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  bytes += value.length;
  if (which === "verify") small.push(value);
  for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
}
const ms = performance.now() - t0;
const result = which === "verify" ? (JSON.parse(Buffer.concat(small).toString("utf8")) as unknown) : null;
// lib/server/db/client.ts keeps its client here: set means Prisma's engine is in the figure.
const prisma = "driftwatchPrisma" in globalThis;
console.log(JSON.stringify({ ms, bytes, lines, baseRssMb: baseRss / 2 ** 20, maxRssMb: process.resourceUsage().maxRSS / 1024, filename: res.headers.get("content-disposition"), result, prisma }));
process.exit(0);
