// `driftwatch resolve REF [--platform os/arch[/variant]] [--docker-config FILE] [--insecure HOST[:PORT]]…`
// Prints one JSON object on stdout. Exit codes: 0 resolved; 2 invalid reference or usage;
// 3 not found (MANIFEST_UNKNOWN, NAME_UNKNOWN, no manifest for the platform); 4 UNAUTHORIZED or
// DENIED; 5 UNREACHABLE or INVALID_RESPONSE; 6 TOO_MANY_REQUESTS.
import type { RegistryErrorCode } from "@/lib/drift/observation";
import { defaultDockerConfig, parseArgs, USAGE } from "./cli-args";
import { createResolver, type Resolution } from "./resolver";

export const EXIT_CODES: Record<RegistryErrorCode, number> = {
  INVALID_REFERENCE: 2, MANIFEST_UNKNOWN: 3, NAME_UNKNOWN: 3, UNAUTHORIZED: 4, DENIED: 4, UNREACHABLE: 5, INVALID_RESPONSE: 5, TOO_MANY_REQUESTS: 6,
};

/** The printed form: every key present, absent values as null, so scripts can rely on the shape. */
export function resolutionJson(v: Resolution) {
  return {
    reference: v.reference, registry: v.registry, repository: v.repository, tag: v.tag ?? null, digest: v.digest, mediaType: v.mediaType,
    platforms: v.platforms.map((p) => ({ os: p.os, architecture: p.architecture, variant: p.variant ?? null, digest: p.digest })),
    ...(v.platformDigest ? { platformDigest: v.platformDigest } : {}),
  };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseArgs(argv);
  if (!args.ok) {
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`driftwatch: ${args.message}\n${USAGE}\n`);
    return 2;
  }
  const { ref, platform, insecure } = args.value;
  let resolver;
  try {
    resolver = createResolver({ insecureHosts: insecure, dockerConfig: args.value.dockerConfig ?? defaultDockerConfig(env) });
  } catch (e) {
    process.stderr.write(`driftwatch: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  try {
    const result = await resolver.resolve(ref, platform ? { platform } : {});
    if (!result.ok) {
      const { code, message, retryAfterMs } = result.error;
      process.stdout.write(JSON.stringify({ error: { code, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) } }) + "\n");
      return EXIT_CODES[code];
    }
    process.stdout.write(JSON.stringify(resolutionJson(result.value)) + "\n");
    return 0;
  } finally {
    await resolver.close();
  }
}
