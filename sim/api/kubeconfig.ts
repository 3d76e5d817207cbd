import { stringify } from "yaml";

/** A kubeconfig with one context per cluster: CA data and a bearer token, like a real cluster's. */
export function kubeconfigFor(clusters: { name: string; url: string; caCert: string; token: string }[], currentContext?: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    preferences: {},
    "current-context": currentContext ?? clusters[0]?.name ?? "",
    clusters: clusters.map((c) => ({ name: c.name, cluster: { server: c.url, "certificate-authority-data": Buffer.from(c.caCert).toString("base64") } })),
    users: clusters.map((c) => ({ name: `${c.name}-reader`, user: { token: c.token } })),
    contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: `${c.name}-reader` } })),
  });
}
