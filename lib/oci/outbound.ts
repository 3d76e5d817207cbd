import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { normaliseAuthKey } from "./docker-config";
import type { RegistryError } from "./errors";

// Which hosts registry and token-realm requests may reach. Image references in a watched cluster
// choose registries, and a registry's WWW-Authenticate realm can name any URL: without limits a
// pod spec or a hostile registry could make Driftwatch ask the cloud metadata service for
// credentials. Checked twice: on the host as written (an IP literal never reaches a lookup), and
// on every address a name resolves to, at connect time, so a DNS answer cannot slip one past.

const METADATA = new BlockList();
METADATA.addSubnet("169.254.0.0", 16, "ipv4"); // link-local, AWS/GCP/Azure metadata 169.254.169.254
METADATA.addSubnet("fe80::", 10, "ipv6"); // IPv6 link-local
METADATA.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6

export const METADATA_REASON = "link-local/metadata address";

/** True for an address (IPv4, IPv6, IPv4-mapped IPv6) in a link-local or metadata range. */
export function isMetadataAddress(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain)?.[1];
  if (mapped) return METADATA.check(mapped, "ipv4");
  const family = isIP(plain);
  if (family === 4) return METADATA.check(plain, "ipv4");
  if (family === 6) return METADATA.check(plain, "ipv6");
  return false;
}

/** Thrown from the connect-time lookup; the transport turns it into a classified refusal. */
export class OutboundRefused extends Error {
  readonly code = "DRIFTWATCH_OUTBOUND_REFUSED";
  constructor(readonly hostname: string) {
    super(`it resolves to a ${METADATA_REASON}`);
  }
}

export type LookupFn = (hostname: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemLookup: LookupFn = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * A `lookup` for net/tls.connect that resolves every address of the name and refuses the
 * connection when any of them is link-local or metadata (one bad answer is enough: connection
 * attempts may walk the list).
 */
export function guardedLookup(base: LookupFn = systemLookup): LookupFunction {
  return (hostname, opts, cb) => {
    const options = opts as LookupOneOptions | LookupAllOptions;
    const callback = cb as (...args: unknown[]) => void;
    base(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err);
      if (addresses.some((a) => isMetadataAddress(a.address))) return callback(new OutboundRefused(hostname));
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }));
      callback(null, first.address, first.family);
    });
  };
}

/** The refusal of a URL whose host, as written, is a metadata address. */
export function literalRefusal(url: URL, what: string): RegistryError | undefined {
  return isMetadataAddress(url.hostname) ? { code: "UNREACHABLE", message: `${what} ${url.hostname} refused: ${METADATA_REASON}` } : undefined;
}

/** `registry` (as references name it: docker.io, ghcr.io, host:port) against an allowlist; `*.example.com` matches subdomains. */
export function isRegistryAllowed(allowlist: readonly string[] | undefined, registry: string): boolean {
  if (!allowlist?.length) return true;
  const name = normaliseAuthKey(registry);
  return allowlist.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (e.startsWith("*.")) return name.endsWith(e.slice(1));
    return normaliseAuthKey(e) === name;
  });
}

/**
 * Where a token may be fetched from: https, or plain http only for a registry configured as
 * insecure (as Docker does, credentials go to the realm the registry names; not over plain
 * http to an https registry, and never to a metadata address).
 */
export function realmRefusal(realm: string, registryHost: string, insecureHosts: readonly string[]): { url?: URL; refusal?: RegistryError } {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return { refusal: { code: "INVALID_RESPONSE", message: `${registryHost} sent a token realm that is not a URL` } };
  }
  const literal = literalRefusal(url, "token realm");
  if (literal) return { refusal: literal };
  if (url.protocol === "https:") return { url };
  if (url.protocol === "http:" && insecureHosts.includes(registryHost)) return { url };
  const why = url.protocol === "http:" ? `plain http for ${registryHost}, which is not configured as an insecure registry` : `scheme ${url.protocol.replace(/:$/, "")} is not https`;
  return { refusal: { code: "UNREACHABLE", message: `token realm ${url.host || url.protocol} refused: ${why}` } };
}
