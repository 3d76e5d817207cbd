// `npm run bench -- <name> [args…]` runs bench/<name>.ts, whose `run(args)` prints its figures.
// With no name, every benchmark runs in turn.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

type Bench = { run: (args: string[]) => Promise<void> };

const dir = fileURLToPath(new URL(".", import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.includes(".test.") && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
const selected = name ? [name] : available;
for (const bench of selected) {
  if (!available.includes(bench)) {
    console.error(`unknown benchmark "${bench}"; available: ${available.join(", ")}`);
    process.exit(2);
  }
  console.log(`\n== bench ${bench} ==`);
  const mod = (await import(`./${bench}.ts`)) as Bench;
  await mod.run(args);
}
process.exit(0);
