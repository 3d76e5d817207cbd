// The control endpoint: change the simulated world while it runs (retag, delete, faults,
// restarts, nodes, dead clusters). Plain JSON over HTTP on loopback.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SimControl } from "@/sim/index";

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startControlServer(control: SimControl) {
  const routes: [string, RegExp, (m: string[], b: Record<string, unknown>) => unknown][] = [
    ["GET", /^\/state$/, () => control.state()],
    ["POST", /^\/registry\/tags$/, (_m, b) => control.setTag(String(b.repository), String(b.tag), String(b.build))],
    ["DELETE", /^\/registry\/tags\/(.+)\/([^/]+)$/, (m) => control.deleteTag(m[1]!, m[2]!)],
    ["DELETE", /^\/registry\/digests\/(.+)\/(sha256:[a-f0-9]{64})$/, (m) => control.deleteDigest(m[1]!, m[2]!)],
    ["POST", /^\/registry\/builds$/, (_m, b) => control.addBuild(String(b.name), (b.platforms as string[]) ?? ["linux/amd64"])],
    ["POST", /^\/registry\/faults$/, (_m, b) => control.setRegistryFault(b)],
    ["DELETE", /^\/registry\/faults$/, () => control.setRegistryFault(undefined)],
    ["POST", /^\/clusters\/([^/]+)\/workloads\/([^/]+)\/([^/]+)\/([^/]+)\/restart$/, (m) => control.restart(m[1]!, m[2]!, m[3]!, m[4]!)],
    ["POST", /^\/clusters\/([^/]+)\/workloads\/([^/]+)\/([^/]+)\/([^/]+)\/reschedule$/, (m) => control.reschedule(m[1]!, m[2]!, m[3]!, m[4]!)],
    ["POST", /^\/clusters\/([^/]+)\/nodes$/, (m, b) => control.addNode(m[1]!, { name: String(b.name), arch: (b.arch as "amd64") ?? "amd64", ...(b.runtime ? { runtime: b.runtime as "cri-o" } : {}) })],
    ["POST", /^\/clusters\/([^/]+)\/nodes\/([^/]+)\/cordon$/, (m) => control.cordon(m[1]!, m[2]!)],
    ["GET", /^\/clusters\/([^/]+)\/requests$/, (m) => control.requestCounts(m[1]!)],
    ["POST", /^\/clusters\/([^/]+)\/workloads\/([^/]+)\/([^/]+)\/([^/]+)\/self-heal$/, (m, b) => control.setSelfHeal(m[1]!, m[2]!, m[3]!, m[4]!, typeof b.afterSeconds === "number" ? b.afterSeconds : null, typeof b.manager === "string" ? b.manager : undefined)],
    ["POST", /^\/clusters\/([^/]+)\/down$/, (m) => control.setDown(m[1]!, true)],
    ["POST", /^\/clusters\/([^/]+)\/up$/, (m) => control.setDown(m[1]!, false)],
  ];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://sim").pathname);
    const r = routes.find(([method, re]) => method === req.method && re.test(path));
    if (!r) return json(res, 404, { error: `no route ${req.method} ${path}` });
    try {
      const result = await r[2](r[1].exec(path)!.slice(0), await body(req));
      json(res, 200, result ?? { ok: true });
    } catch (e) {
      json(res, 400, { error: e instanceof Error ? e.message : String(e) });
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
