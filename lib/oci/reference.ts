import type { ImageRef } from "@/lib/drift/observation";

// Image references per the distribution reference grammar:
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [ domain "/" ] path-component ( "/" path-component )*
// The first component is a registry host when it contains "." or ":" or is "localhost".
// Docker Hub is the default registry, and single-segment Hub names live under "library/".

export type ReferenceError = { code: "INVALID_REFERENCE"; message: string };
export type ParseResult = { ok: true; value: ImageRef } | { ok: false; error: ReferenceError };

export const DOCKER_HUB = "docker.io";
const HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const OTHER_DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const MAX_NAME = 255;

const fail = (message: string): ParseResult => ({ ok: false, error: { code: "INVALID_REFERENCE", message } });

function isValidHost(host: string): boolean {
  if (host.startsWith("[")) return /^\[[0-9a-fA-F:.]+\](?::\d{1,5})?$/.test(host);
  const [name, port, ...rest] = host.split(":");
  if (rest.length || !name) return false;
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return false;
  return name.split(".").every((c) => DOMAIN_COMPONENT.test(c));
}

function splitDomain(name: string): { registry: string; path: string } {
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  if (slash !== -1 && (first.includes(".") || first.includes(":") || first === "localhost" || first.startsWith("["))) {
    return { registry: first, path: name.slice(slash + 1) };
  }
  return { registry: DOCKER_HUB, path: name };
}

/** Parse and normalise an image reference; errors say exactly what is wrong. */
export function parseReference(input: string): ParseResult {
  const s = input.trim();
  if (!s) return fail("empty image reference");
  if (/\s/.test(s)) return fail(`"${input}" contains whitespace`);
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) {
      return fail(!digest.startsWith("sha256:") && OTHER_DIGEST.test(digest) ? `unsupported digest "${digest}" (only sha256 is supported)` : `invalid digest "${digest}": expected sha256: and 64 lowercase hex characters`);
    }
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return fail(`invalid tag "${tag}": up to 128 of letters, digits, "_", "." and "-", not starting with "." or "-"`);
  }
  if (!rest) return fail(`"${input}" has no repository name`);
  if (rest.length > MAX_NAME) return fail(`repository name longer than ${MAX_NAME} characters`);
  const { registry, path } = splitDomain(rest);
  if (!isValidHost(registry)) return fail(`invalid registry host "${registry}"`);
  if (!path) return fail(`"${input}" has no repository path after the registry`);
  for (const component of path.split("/")) {
    if (!component) return fail(`"${input}" has an empty path component`);
    if (component !== component.toLowerCase()) return fail(`repository name must be lowercase: "${path}"`);
    if (!PATH_COMPONENT.test(component)) return fail(`invalid repository path component "${component}"`);
  }
  const isHub = HUB_ALIASES.has(registry.toLowerCase());
  const repository = isHub && !path.includes("/") ? `library/${path}` : path;
  return {
    ok: true,
    value: { registry: isHub ? DOCKER_HUB : registry.toLowerCase(), repository, ...(tag !== undefined ? { tag } : {}), ...(digest ? { digest } : {}) },
  };
}

/** Fully qualified form: registry/repository[:tag][@digest]. */
export function formatReference(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** The short form people type: nginx:1.25, ghcr.io/org/app:1. */
export function familiarName(ref: ImageRef): string {
  let name = `${ref.registry}/${ref.repository}`;
  if (ref.registry === DOCKER_HUB) name = ref.repository.startsWith("library/") ? ref.repository.slice(8) : ref.repository;
  return `${name}${ref.tag !== undefined ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;
}

/** Host that serves the registry API (Docker Hub's API lives on registry-1.docker.io). */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? "registry-1.docker.io" : registry;
}

export type ImageIdInfo = { digest: string | null; repository?: string; isUnverifiable: boolean };

/**
 * What the runtime says it runs (pod.status.containerStatuses[].imageID):
 *   docker-pullable://repo@sha256:…  (dockershim)     docker://sha256:…  (dockershim, local id)
 *   repo@sha256:…                    (containerd, CRI-O)
 *   sha256:…                         (kind load / ctr import: a local config id no registry knows)
 */
export function parseImageId(imageID: string): ImageIdInfo {
  const id = imageID.trim();
  if (!id) return { digest: null, isUnverifiable: false };
  const withoutScheme = id.replace(/^docker-pullable:\/\//, "").replace(/^docker:\/\//, "");
  const at = withoutScheme.lastIndexOf("@");
  if (at === -1) {
    const bare = /^sha256:[a-f0-9]{64}$/i.test(withoutScheme);
    return { digest: null, isUnverifiable: bare || id.startsWith("docker://") };
  }
  const digest = withoutScheme.slice(at + 1).toLowerCase();
  if (!DIGEST.test(digest)) return { digest: null, isUnverifiable: true };
  return { digest, repository: withoutScheme.slice(0, at), isUnverifiable: false };
}
