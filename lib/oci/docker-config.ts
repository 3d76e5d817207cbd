import { z } from "zod";
import { describeJsonSyntax } from "./json-syntax";

// Registry credentials from a docker config.json, a kubernetes.io/dockerconfigjson secret's
// payload, or a legacy .dockercfg. Keys may carry a scheme and a path ("https://index.docker.io/v1/").
export type Credential = { username?: string; password?: string; identityToken?: string; registryToken?: string };

const entry = z.looseObject({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
  registrytoken: z.string().optional(),
});
const configSchema = z.looseObject({ auths: z.record(z.string(), entry).default({}) });
export type DockerConfig = z.infer<typeof configSchema>;

const HUB_KEYS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);

/** "https://index.docker.io/v1/" → "docker.io"; "ghcr.io/path" → "ghcr.io". */
export function normaliseAuthKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, "").split("/")[0]!.toLowerCase();
  return HUB_KEYS.has(host) ? "docker.io" : host;
}

export function parseDockerConfig(text: string): { ok: true; value: DockerConfig } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Never JSON.parse's own message: it quotes the input, and the input holds credentials.
    return { ok: false, message: `docker config is ${describeJsonSyntax(text)}` };
  }
  // The legacy ~/.dockercfg (kubernetes.io/dockercfg secrets) is the `auths` map itself.
  const isLegacy = typeof json === "object" && json !== null && !Array.isArray(json) && !("auths" in json) && Object.values(json).some((v) => typeof v === "object" && v !== null && ("auth" in v || "username" in v));
  const parsed = configSchema.safeParse(isLegacy ? { auths: json } : json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `docker config: ${describePath(issue?.path ?? [], isLegacy)}${issue?.code === "invalid_type" ? `expected ${issue.expected}` : "invalid value"}` };
}

const FIELDS = new Set(["auths", ...Object.keys(entry.shape)]);

/**
 * Where a shape error is, by field names the schema defines and entry numbers: the keys of
 * `auths` are registry names in a good config, but in a broken one they may be anything.
 */
function describePath(path: readonly PropertyKey[], isLegacy: boolean): string {
  const parts = (isLegacy ? path.slice(1) : path).map((p, i) => {
    const underAuths = isLegacy ? i === 0 : i === 1 && path[0] === "auths";
    return underAuths ? "<registry entry>" : typeof p === "string" && FIELDS.has(p) ? p : typeof p === "number" ? `[${p}]` : "<key>";
  });
  return parts.length ? `${parts.join(".")}: ` : "";
}

/** Credentials for a registry host (docker.io aliases included), or undefined. */
export function credentialFor(config: DockerConfig, registry: string): Credential | undefined {
  const want = normaliseAuthKey(registry);
  for (const [key, e] of Object.entries(config.auths)) {
    if (normaliseAuthKey(key) !== want) continue;
    if (e.identitytoken) return { identityToken: e.identitytoken, username: e.username };
    if (e.registrytoken) return { registryToken: e.registrytoken };
    if (e.username !== undefined || e.password !== undefined) return { username: e.username, password: e.password };
    if (e.auth) {
      const decoded = Buffer.from(e.auth, "base64").toString("utf8");
      const i = decoded.indexOf(":");
      if (i > 0) return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
    }
  }
  return undefined;
}
