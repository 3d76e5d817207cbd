import { readFileSync } from "node:fs";
import path from "node:path";

// The simulated fleet's control endpoint of the server Playwright started (scripts/demo.ts writes
// its URL next to the kubeconfig).
const controlUrl = () => readFileSync(path.resolve(".test-data/e2e/sim/control-url"), "utf8").trim();

export async function simControl(method: "POST" | "DELETE", p: string, body?: unknown): Promise<void> {
  const res = await fetch(`${controlUrl()}${p}`, { method, headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!res.ok) throw new Error(`sim control ${method} ${p}: ${res.status} ${await res.text()}`);
}
