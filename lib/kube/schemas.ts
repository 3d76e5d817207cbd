// Loose zod schemas of the Kubernetes fields the collector reads, nothing more. Objects arrive
// either as raw JSON (tests, other clients) or deserialised by @kubernetes/client-node (Dates
// instead of timestamp strings), so timestamps accept both. Unknown fields pass through.
import { z } from "zod";

const timestamp = z.union([z.string(), z.date()]).nullish();
const stringMap = z.record(z.string(), z.string()).nullish();

export const metaSchema = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().nullish(),
  uid: z.string().nullish(),
  labels: stringMap,
  annotations: stringMap,
  creationTimestamp: timestamp,
  ownerReferences: z.array(z.looseObject({ kind: z.string(), name: z.string(), uid: z.string(), controller: z.boolean().nullish() })).nullish(),
  managedFields: z.array(z.looseObject({ manager: z.string().nullish() })).nullish(),
});

export const containerSchema = z.looseObject({
  name: z.string().min(1),
  image: z.string().nullish(),
  imagePullPolicy: z.string().nullish(),
});

const matchExpression = z.looseObject({ key: z.string(), operator: z.string(), values: z.array(z.string()).nullish() });

export const podSpecSchema = z.looseObject({
  containers: z.array(containerSchema).min(1),
  initContainers: z.array(containerSchema).nullish(),
  nodeSelector: stringMap,
  nodeName: z.string().nullish(),
  imagePullSecrets: z.array(z.looseObject({ name: z.string().nullish() })).nullish(),
  affinity: z
    .looseObject({
      nodeAffinity: z
        .looseObject({
          requiredDuringSchedulingIgnoredDuringExecution: z
            .looseObject({ nodeSelectorTerms: z.array(z.looseObject({ matchExpressions: z.array(matchExpression).nullish() })).nullish() })
            .nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

export const workloadSchema = z.looseObject({
  metadata: metaSchema,
  spec: z.looseObject({ replicas: z.number().int().nullish(), template: z.looseObject({ spec: podSpecSchema }) }),
  status: z.looseObject({ updateRevision: z.string().nullish(), desiredNumberScheduled: z.number().int().nullish() }).nullish(),
});

export const replicaSetSchema = z.looseObject({
  metadata: metaSchema,
  spec: z.looseObject({ template: z.looseObject({ spec: podSpecSchema.nullish() }).nullish() }).nullish(),
});

// `data` is an arbitrary patch of the owner (StatefulSet/DaemonSet); only the template is read.
export const controllerRevisionSchema = z.looseObject({
  metadata: metaSchema,
  revision: z.number().int(),
  data: z.looseObject({ spec: z.looseObject({ template: z.looseObject({ spec: podSpecSchema.nullish() }).nullish() }).nullish() }).nullish(),
});

const waitingSchema = z.looseObject({ reason: z.string().nullish(), message: z.string().nullish() });

export const containerStatusSchema = z.looseObject({
  name: z.string().min(1),
  image: z.string().nullish(),
  imageID: z.string().nullish(),
  ready: z.boolean().nullish(),
  restartCount: z.number().int().nullish(),
  state: z.looseObject({ running: z.unknown().optional(), terminated: z.unknown().optional(), waiting: waitingSchema.nullish() }).nullish(),
});

const conditions = z.array(z.looseObject({ type: z.string(), status: z.string() })).nullish();

export const podSchema = z.looseObject({
  metadata: metaSchema,
  spec: podSpecSchema,
  status: z
    .looseObject({
      phase: z.string().nullish(),
      conditions,
      containerStatuses: z.array(containerStatusSchema).nullish(),
      initContainerStatuses: z.array(containerStatusSchema).nullish(),
    })
    .nullish(),
});

export const nodeSchema = z.looseObject({
  metadata: metaSchema,
  spec: z.looseObject({ unschedulable: z.boolean().nullish() }).nullish(),
  status: z
    .looseObject({
      nodeInfo: z.looseObject({ architecture: z.string().nullish(), operatingSystem: z.string().nullish(), containerRuntimeVersion: z.string().nullish() }).nullish(),
      conditions,
      images: z.array(z.looseObject({ names: z.array(z.string()).nullish(), sizeBytes: z.number().nullish() })).nullish(),
    })
    .nullish(),
});

export const eventSchema = z.looseObject({
  metadata: metaSchema.partial({ name: true }),
  type: z.string().nullish(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
  involvedObject: z.looseObject({ kind: z.string().nullish(), name: z.string().nullish(), namespace: z.string().nullish(), fieldPath: z.string().nullish() }).nullish(),
  count: z.number().int().nullish(),
  lastTimestamp: timestamp,
  firstTimestamp: timestamp,
  eventTime: timestamp,
  series: z.looseObject({ lastObservedTime: timestamp, count: z.number().int().nullish() }).nullish(),
});

export type Meta = z.infer<typeof metaSchema>;
export type PodSpec = z.infer<typeof podSpecSchema>;
export type RawWorkload = z.infer<typeof workloadSchema>;
export type RawReplicaSet = z.infer<typeof replicaSetSchema>;
export type RawControllerRevision = z.infer<typeof controllerRevisionSchema>;
export type RawPod = z.infer<typeof podSchema>;
export type RawNode = z.infer<typeof nodeSchema>;
export type RawEvent = z.infer<typeof eventSchema>;
export type RawContainerStatus = z.infer<typeof containerStatusSchema>;

/** ISO string for a Kubernetes timestamp (string or Date); "" when absent or unparsable. */
export function isoTime(t: string | Date | null | undefined): string {
  if (!t) return "";
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}
