import { z } from "zod";
import type { Platform, PlatformManifest } from "@/lib/drift/observation";
import { RegistryFailure } from "./errors";

const indexSchema = z.object({
  schemaVersion: z.literal(2),
  manifests: z.array(
    z.looseObject({
      digest: z.string().regex(/^sha256:[a-f0-9]{64}$/),
      platform: z.looseObject({ os: z.string(), architecture: z.string(), variant: z.string().optional() }).optional(),
    }),
  ),
});

/** Platform manifests of an index, without attestation entries (unknown/unknown). */
export function parseIndexPlatforms(body: Buffer, what: string): PlatformManifest[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `${what}: index is not valid JSON` });
  }
  const parsed = indexSchema.safeParse(json);
  if (!parsed.success) throw new RegistryFailure({ code: "INVALID_RESPONSE", message: `${what}: malformed index (${parsed.error.issues[0]?.message})` });
  return parsed.data.manifests
    .filter((m) => m.platform && m.platform.os !== "unknown" && m.platform.architecture !== "unknown")
    .map((m) => ({ os: m.platform!.os, architecture: m.platform!.architecture, ...(m.platform!.variant ? { variant: m.platform!.variant } : {}), digest: m.digest }));
}

/** The manifest for a platform; "arm64" matches "arm64/v8" and a missing variant matches any. */
export function selectPlatform(platforms: PlatformManifest[], want: Platform): string | undefined {
  const norm = (v?: string) => (v === "v8" ? undefined : v);
  return platforms.find((p) => p.os === want.os && p.architecture === want.architecture && (!want.variant || norm(p.variant) === norm(want.variant)))?.digest;
}
