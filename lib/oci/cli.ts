// `driftwatch resolve REF [--platform os/arch[/variant]] [--docker-config FILE] [--insecure HOST[:PORT]]…`
// Prints one JSON object; exit codes: 2 invalid reference/usage, 3 not found, 4 auth,
// 5 unreachable/invalid response, 6 rate limited.
import type { RegistryErrorCode } from "@/lib/drift/observation";
import { createResolver } from "./resolver";

const EXIT: Record<RegistryErrorCode, number> = {
  INVALID_REFERENCE: 2, MANIFEST_UNKNOWN: 3, NAME_UNKNOWN: 3, UNAUTHORIZED: 4, DENIED: 4, UNREACHABLE: 5, INVALID_RESPONSE: 5, TOO_MANY_REQUESTS: 6,
};
const USAGE = "usage: driftwatch resolve REF [--platform os/arch[/variant]] [--docker-config FILE] [--insecure HOST[:PORT]]...";

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "resolve") usage(command ? `unknown command "${command}"` : "missing command");
  let ref: string | undefined;
  let platform: { os: string; architecture: string; variant?: string } | undefined;
  let dockerConfig: string | undefined;
  const insecure: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const value = () => rest[++i] ?? usage(`${a} needs a value`);
    if (a === "--platform") {
      const [os, architecture, variant] = value().split("/");
      if (!os || !architecture) usage("--platform takes os/arch[/variant], e.g. linux/arm64");
      platform = { os, architecture, ...(variant ? { variant } : {}) };
    } else if (a === "--docker-config") dockerConfig = value();
    else if (a === "--insecure") insecure.push(value());
    else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else if (ref) usage(`unexpected argument "${a}"`);
    else ref = a;
  }
  if (!ref) usage("missing image reference");
  let resolver;
  try {
    resolver = createResolver({ insecureHosts: insecure, dockerConfig });
  } catch (e) {
    usage(e instanceof Error ? e.message : String(e));
  }
  const result = await resolver.resolve(ref, platform ? { platform } : {});
  await resolver.close();
  if (!result.ok) {
    process.stdout.write(JSON.stringify({ error: { code: result.error.code, message: result.error.message } }) + "\n");
    return EXIT[result.error.code];
  }
  const v = result.value;
  const out = {
    reference: v.reference, registry: v.registry, repository: v.repository, tag: v.tag ?? null, digest: v.digest, mediaType: v.mediaType,
    platforms: v.platforms.map((p) => ({ os: p.os, architecture: p.architecture, variant: p.variant ?? null, digest: p.digest })),
    ...(v.platformDigest ? { platformDigest: v.platformDigest } : {}),
  };
  process.stdout.write(JSON.stringify(out) + "\n");
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
