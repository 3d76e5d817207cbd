import "server-only";
import { z } from "zod";
import { authSettingsShape, checkAuthSettings, exposureProblem } from "@/lib/server/auth/settings";

// Every setting Driftwatch reads, validated once. See .env.example for what each one means.
const LABEL = "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";
/** `registry.example`, `host:5000`, `[::1]:5000`, `*.corp.example`. */
const REGISTRY_PATTERN = new RegExp(`^(?:(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*|\\[[0-9a-f:.]+\\])(?::\\d{1,5})?$`, "i");
const schema = z.object({
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  DRIFTWATCH_KUBECONFIG: z.string().optional(),
  DRIFTWATCH_CONTEXTS: z.string().optional(),
  DRIFTWATCH_ENVIRONMENTS: z.string().optional(),
  DRIFTWATCH_DOCKER_CONFIG: z.string().optional(),
  DRIFTWATCH_PULL_SECRETS: z.enum(["on", "off"]).default("on"),
  DRIFTWATCH_INSECURE_REGISTRIES: z.string().optional(),
  DRIFTWATCH_REGISTRY_ENDPOINTS: z
    .string()
    .regex(/^\s*([^=,\s]+=[^=,\s]+\s*(,\s*|$))*$/, { message: "DRIFTWATCH_REGISTRY_ENDPOINTS is a list of name=host:port" })
    .optional(),
  DRIFTWATCH_REGISTRY_ALLOWLIST: z
    .string()
    .optional()
    .refine((v) => list(v).every((e) => REGISTRY_PATTERN.test(e)), { message: "DRIFTWATCH_REGISTRY_ALLOWLIST must be comma-separated registries: host, host:port or *.domain" }),
  DRIFTWATCH_POLL_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  DRIFTWATCH_SOAK_MINUTES: z.coerce.number().min(0).max(1440).default(10),
  DRIFTWATCH_HISTORY_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  DRIFTWATCH_POLL_HISTORY_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  DRIFTWATCH_TAG_TTL_SECONDS: z.coerce.number().int().min(0).max(86400).default(60),
  DRIFTWATCH_REGISTRY_STALE_HOURS: z.coerce.number().min(0).max(8760).default(24),
  DRIFTWATCH_POLLER: z.enum(["on", "off"]).default("on"),
  DRIFTWATCH_DEMO: z.enum(["0", "1"]).default("0"),
  DRIFTWATCH_REPLICA_ID: z.string().optional(),
  /** Environments (comma-separated, e.g. "prod") where a pin needs the workload's name typed. */
  DRIFTWATCH_PROTECTED_ENVIRONMENTS: z.string().optional(),
  // Access control (modes, roles, hosts, limits): lib/server/auth/settings.ts.
  ...authSettingsShape,
  HOST: z.string().optional(),
})
  .superRefine(checkAuthSettings)
  .superRefine((s, ctx) => {
    const problem = exposureProblem(s);
    if (problem) ctx.addIssue({ code: "custom", path: ["HOST"], message: problem });
  });

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid configuration: ${fields}`);
  }
  cached = parsed.data;
  return cached;
}

export function list(v: string | undefined): string[] {
  return (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}
