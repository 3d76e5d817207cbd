// The fleet file: registry content and clusters, validated with zod (JSON Schema in
// sim/fleet.schema.json). YAML or JSON.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const platform = z.string().regex(/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/, "platform like linux/amd64 or linux/arm/v7");
const name = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "a Kubernetes name (lowercase letters, digits, '-', '.')");

const container = z.object({
  name,
  /** "shop/api:1.8" (simulated registry), "shop/api@build:api-1.8" or "shop/api:1.8@build:api-1.8" (pinned to that build's digest), or a full reference. */
  image: z.string().min(1),
  pullPolicy: z.enum(["Always", "IfNotPresent", "Never"]).optional(),
});

const workload = z.object({
  kind: z.enum(["Deployment", "StatefulSet", "DaemonSet"]),
  namespace: name,
  name,
  replicas: z.number().int().min(0).max(10_000).default(1),
  containers: z.array(container).min(1),
  initContainers: z.array(container).default([]),
  nodeSelector: z.record(z.string(), z.string()).default({}),
  /** Required node affinity (one nodeSelectorTerm), e.g. [{ key: kubernetes.io/arch, operator: In, values: [arm64] }]. */
  nodeAffinity: z.array(z.object({
    key: z.string().min(1),
    operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
    values: z.array(z.string()).optional(),
  })).default([]),
  imagePullSecrets: z.array(z.string()).default([]),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  /** Earlier images of the first container, oldest first: older revisions for rollback history. */
  history: z.array(z.string()).default([]),
  /** The field manager recorded as having created the object (managedFields). */
  manager: z.string().min(1).default("kubectl-client-side-apply"),
  /** A GitOps controller with self-heal: a template changed by anyone else is reverted after N seconds (as `manager`). */
  selfHeal: z.object({ afterSeconds: z.number().min(0).max(3600) }).optional(),
});

const node = z.object({
  name,
  arch: z.enum(["amd64", "arm64", "arm"]).default("amd64"),
  os: z.literal("linux").default("linux"),
  /** What status.imageID looks like: containerd (the resolved digest), cri-o (the platform child digest), docker (docker-pullable://). */
  runtime: z.enum(["containerd", "cri-o", "docker"]).default("containerd"),
  labels: z.record(z.string(), z.string()).default({}),
  unschedulable: z.boolean().default(false),
  /** Images already in the node's cache: a tag that pointed at `build` when it was pulled. */
  cached: z.array(z.object({ image: z.string(), build: z.string() })).default([]),
});

const cluster = z.object({
  name,
  environment: z.string().min(1),
  /** A client token different from the server's simulates a wrong credential (401). */
  clientToken: z.string().optional(),
  forbidden: z.array(z.string()).default([]),
  down: z.boolean().default(false),
  /** kubernetes.io/dockerconfigjson secrets holding the registry's pull credentials (or wrong ones). */
  pullSecrets: z.array(z.object({ namespace: name, name, wrongPassword: z.boolean().default(false) })).default([]),
  nodes: z.array(node).min(1),
  workloads: z.array(workload).default([]),
});

export const fleetSchema = z.object({
  registry: z.object({
    /** Basic-auth credentials private repositories accept; pull secrets carry them. */
    pullCredentials: z.object({ username: z.string().min(1), password: z.string().min(1) }).default({ username: "sim-puller", password: "sim-pull-password" }),
    builds: z.record(z.string(), z.object({
      platforms: z.array(platform).min(1).default(["linux/amd64"]),
      format: z.enum(["oci", "docker"]).default("oci"),
      /** Push an index even for one platform (what `docker buildx` does). */
      index: z.boolean().default(false),
    })),
    repositories: z.record(
      z.string(),
      z.object({
        tags: z.record(z.string(), z.string()).default({}),
        /** Builds pushed earlier whose digests still exist (no tag points at them now). */
        history: z.array(z.string()).default([]),
        /** Readable only with the registry's pull credentials (what imagePullSecrets carry). */
        private: z.boolean().default(false),
      }),
    ),
  }),
  clusters: z.array(cluster).min(1),
});

export type FleetFile = z.input<typeof fleetSchema>;
export type Fleet = z.output<typeof fleetSchema>;
export type FleetWorkload = z.output<typeof workload>;
export type FleetNode = z.output<typeof node>;

/** Parse and validate a fleet file; errors name the exact path and problem. */
export function parseFleet(input: unknown): Fleet {
  const parsed = fleetSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(`invalid fleet file:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n")}`);
  }
  const f = parsed.data;
  for (const [repo, r] of Object.entries(f.registry.repositories)) {
    for (const b of [...Object.values(r.tags), ...r.history]) {
      if (!f.registry.builds[b]) throw new Error(`invalid fleet file:\n  - registry.repositories.${repo}: unknown build "${b}"`);
    }
  }
  checkBuildImages(f);
  return f;
}

/** `repo[:tag]@build:NAME` → its parts; null when the image does not use the build sugar. */
export function parseBuildImage(image: string): { repository: string; tag?: string; build: string } | null {
  const m = /^([^@]+)@build:(.*)$/.exec(image);
  if (!m) return null;
  const name = m[1]!;
  const colon = name.lastIndexOf(":");
  const hasTag = colon > name.lastIndexOf("/");
  return { repository: hasTag ? name.slice(0, colon) : name, ...(hasTag ? { tag: name.slice(colon + 1) } : {}), build: m[2]! };
}

/** A `@build:` image must name a build of the simulated registry (it has no other registry's builds). */
function buildImageProblem(image: string, f: Fleet): string | null {
  const b = parseBuildImage(image);
  if (!b) return null;
  const first = b.repository.split("/")[0]!;
  if (b.repository.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")) {
    return `"${image}": @build: pins a build of the simulated registry; write the repository without a registry host`;
  }
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(b.repository)) return `"${image}": "${b.repository}" is not a repository name`;
  if (b.tag !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(b.tag)) return `"${image}": "${b.tag}" is not a tag`;
  if (!f.registry.builds[b.build]) return `"${image}": unknown build "${b.build}"`;
  return null;
}

function checkBuildImages(f: Fleet) {
  const problems: string[] = [];
  f.clusters.forEach((c, ci) => {
    c.workloads.forEach((w, wi) => {
      const at = `clusters.${ci}.workloads.${wi}`;
      w.containers.forEach((x, i) => problems.push(...[buildImageProblem(x.image, f)].filter(Boolean).map((p) => `${at}.containers.${i}.image: ${p}`)));
      w.initContainers.forEach((x, i) => problems.push(...[buildImageProblem(x.image, f)].filter(Boolean).map((p) => `${at}.initContainers.${i}.image: ${p}`)));
      w.history.forEach((x, i) => problems.push(...[buildImageProblem(x, f)].filter(Boolean).map((p) => `${at}.history.${i}: ${p}`)));
    });
  });
  if (problems.length) throw new Error(`invalid fleet file:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

export function loadFleetFile(path: string): Fleet {
  const text = readFileSync(path, "utf8");
  return parseFleet(path.endsWith(".json") ? JSON.parse(text) : parseYaml(text));
}

export function fleetJsonSchema(): unknown {
  return z.toJSONSchema(fleetSchema, { io: "input" });
}
