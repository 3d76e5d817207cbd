import { BlockList, isIP } from "node:net";
import { z } from "zod";

// The access-control settings, validated once. Kept apart from the rest of lib/server/env.ts
// (which merges this schema) because proxy.ts needs them without the database settings.
// No `server-only` import: scripts/start.ts checks exposure with these before starting Next.

const onOff = z.enum(["on", "off"]);
const flag = z.enum(["0", "1"]).default("0");
const header = z.string().regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name");
const optionalUrl = z.string().url().optional().or(z.literal("").transform(() => undefined));

export const authSettingsShape = {
  DRIFTWATCH_AUTH: z.enum(["oidc", "proxy", "none"]).default("none"),
  DRIFTWATCH_ALLOW_UNAUTHENTICATED: flag,
  DRIFTWATCH_PUBLIC_URL: optionalUrl,
  DRIFTWATCH_ALLOWED_HOSTS: z.string().optional(),
  DRIFTWATCH_OIDC_ISSUER: optionalUrl,
  DRIFTWATCH_OIDC_CLIENT_ID: z.string().optional(),
  DRIFTWATCH_OIDC_CLIENT_SECRET: z.string().optional(),
  DRIFTWATCH_OIDC_SCOPES: z.string().default("openid profile email groups"),
  DRIFTWATCH_OIDC_AUDIENCE: z.string().optional(),
  DRIFTWATCH_SESSION_SECRET: z.string().optional(),
  DRIFTWATCH_SESSION_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(12),
  DRIFTWATCH_TRUSTED_PROXIES: z.string().optional(),
  DRIFTWATCH_PROXY_USER_HEADER: header.default("X-Forwarded-User"),
  DRIFTWATCH_PROXY_EMAIL_HEADER: header.default("X-Forwarded-Email"),
  DRIFTWATCH_PROXY_GROUPS_HEADER: header.default("X-Forwarded-Groups"),
  DRIFTWATCH_PROXY_ID_TOKEN: z.enum(["off", "verify", "require"]).default("off"),
  DRIFTWATCH_OPERATORS: z.string().optional(),
  DRIFTWATCH_VIEWERS: z.string().optional(),
  DRIFTWATCH_DENY_UNMAPPED: onOff.default("off"),
  DRIFTWATCH_WRITES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  DRIFTWATCH_POLL_NOW_EVERY_SECONDS: z.coerce.number().min(0).max(3600).default(10),
};

type Raw = z.infer<z.ZodObject<typeof authSettingsShape>>;

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];

export const isLoopbackHost = (host: string) => {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" || (isIP(h) === 4 && h.startsWith("127."));
};

/** `10.0.0.0/8,192.168.1.7` → a BlockList; throws naming the bad entry. */
export function parseCidrs(value: string): BlockList {
  const list = new BlockList();
  for (const entry of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [addr = "", bits] = entry.split("/");
    const family = isIP(addr);
    if (!family) throw new Error(`"${entry}" is not an IP address or CIDR`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(addr, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`"${entry}" has an invalid prefix length`);
      list.addSubnet(addr, prefix, type);
    }
  }
  return list;
}

/** Cross-field rules: each mode has what it needs. Messages name the setting to change. */
export function checkAuthSettings(s: Raw, ctx: z.RefinementCtx) {
  const need = (key: keyof Raw, why: string) => {
    if (!s[key]) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required ${why}` });
  };
  if (s.DRIFTWATCH_AUTH === "oidc") {
    for (const key of ["DRIFTWATCH_OIDC_ISSUER", "DRIFTWATCH_OIDC_CLIENT_ID", "DRIFTWATCH_PUBLIC_URL", "DRIFTWATCH_SESSION_SECRET"] as const) need(key, "with DRIFTWATCH_AUTH=oidc");
    if (s.DRIFTWATCH_SESSION_SECRET && s.DRIFTWATCH_SESSION_SECRET.length < 32)
      ctx.addIssue({ code: "custom", path: ["DRIFTWATCH_SESSION_SECRET"], message: "DRIFTWATCH_SESSION_SECRET must be at least 32 characters" });
  }
  if (s.DRIFTWATCH_AUTH === "proxy") {
    need("DRIFTWATCH_TRUSTED_PROXIES", "with DRIFTWATCH_AUTH=proxy (the addresses of the authenticating proxy)");
    if (s.DRIFTWATCH_PROXY_ID_TOKEN !== "off") need("DRIFTWATCH_OIDC_ISSUER", "to verify forwarded ID tokens (DRIFTWATCH_PROXY_ID_TOKEN)");
  }
  if (s.DRIFTWATCH_TRUSTED_PROXIES) {
    try {
      parseCidrs(s.DRIFTWATCH_TRUSTED_PROXIES);
    } catch (e) {
      ctx.addIssue({ code: "custom", path: ["DRIFTWATCH_TRUSTED_PROXIES"], message: `DRIFTWATCH_TRUSTED_PROXIES: ${(e as Error).message}` });
    }
  }
  const issuer = s.DRIFTWATCH_OIDC_ISSUER ? new URL(s.DRIFTWATCH_OIDC_ISSUER) : undefined;
  if (issuer && issuer.protocol !== "https:" && !isLoopbackHost(issuer.hostname))
    ctx.addIssue({ code: "custom", path: ["DRIFTWATCH_OIDC_ISSUER"], message: "DRIFTWATCH_OIDC_ISSUER must be https (plain http only on loopback, for tests)" });
}

export type AuthSettings = ReturnType<typeof toAuthSettings>;

function toAuthSettings(s: Raw) {
  const publicUrl = s.DRIFTWATCH_PUBLIC_URL ? new URL(s.DRIFTWATCH_PUBLIC_URL) : undefined;
  const listed = (s.DRIFTWATCH_ALLOWED_HOSTS ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  const allowedHosts = new Set([...(listed.length ? listed : LOOPBACK_NAMES), ...(publicUrl ? [publicUrl.hostname.replace(/^\[|\]$/g, "")] : [])]);
  return {
    mode: s.DRIFTWATCH_AUTH,
    allowUnauthenticated: s.DRIFTWATCH_ALLOW_UNAUTHENTICATED === "1",
    publicUrl,
    allowedHosts,
    oidc: {
      issuer: s.DRIFTWATCH_OIDC_ISSUER,
      clientId: s.DRIFTWATCH_OIDC_CLIENT_ID ?? "",
      clientSecret: s.DRIFTWATCH_OIDC_CLIENT_SECRET,
      scopes: s.DRIFTWATCH_OIDC_SCOPES,
      audience: s.DRIFTWATCH_OIDC_AUDIENCE ?? s.DRIFTWATCH_OIDC_CLIENT_ID ?? "",
    },
    session: { secret: s.DRIFTWATCH_SESSION_SECRET ?? "", ttlSeconds: Math.round(s.DRIFTWATCH_SESSION_HOURS * 3600) },
    proxy: {
      trusted: parseCidrs(s.DRIFTWATCH_TRUSTED_PROXIES ?? ""),
      userHeader: s.DRIFTWATCH_PROXY_USER_HEADER.toLowerCase(),
      emailHeader: s.DRIFTWATCH_PROXY_EMAIL_HEADER.toLowerCase(),
      groupsHeader: s.DRIFTWATCH_PROXY_GROUPS_HEADER.toLowerCase(),
      idToken: s.DRIFTWATCH_PROXY_ID_TOKEN,
    },
    roles: { operators: s.DRIFTWATCH_OPERATORS ?? "", viewers: s.DRIFTWATCH_VIEWERS ?? "", denyUnmapped: s.DRIFTWATCH_DENY_UNMAPPED === "on" },
    limits: { writesPerMinute: s.DRIFTWATCH_WRITES_PER_MINUTE, pollNowEverySeconds: s.DRIFTWATCH_POLL_NOW_EVERY_SECONDS },
  };
}

export const authSettingsSchema = z.object(authSettingsShape).superRefine(checkAuthSettings);

/** Parse (throws one message naming every bad setting). */
export function parseAuthSettings(env: Record<string, string | undefined>): AuthSettings {
  const parsed = authSettingsSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => i.message.startsWith("DRIFTWATCH_") ? i.message : `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return toAuthSettings(parsed.data);
}

let cached: AuthSettings | undefined;
export function getAuthSettings(): AuthSettings {
  return (cached ??= parseAuthSettings(process.env));
}

/**
 * Refuse to serve the network without authentication unless asked deliberately. Returns the
 * reason to refuse, or null. `host` is where the web server listens (HOST).
 */
export function exposureProblem(env: { HOST?: string; DRIFTWATCH_AUTH?: string; DRIFTWATCH_ALLOW_UNAUTHENTICATED?: string }): string | null {
  const host = env.HOST ?? "127.0.0.1";
  const mode = env.DRIFTWATCH_AUTH ?? "none";
  if (mode !== "none" || isLoopbackHost(host) || env.DRIFTWATCH_ALLOW_UNAUTHENTICATED === "1") return null;
  return `HOST=${host} is not a loopback address and DRIFTWATCH_AUTH is "none": anyone who can reach this port could change production. Set DRIFTWATCH_AUTH=oidc or DRIFTWATCH_AUTH=proxy, listen on HOST=127.0.0.1, or set DRIFTWATCH_ALLOW_UNAUTHENTICATED=1 to allow it deliberately`;
}
