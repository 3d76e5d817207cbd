// RBAC-style refusals: the 403 a real API server returns to a service account whose role lacks
// a resource, word for word, because clients (and people) match on it.
import type { ResourceInfo } from "./resources";
import { qualifiedName } from "./resources";
import { HttpError } from "./http";

export const SIM_USER = "system:serviceaccount:driftwatch:reader";

export function verbOf(method: string, hasName: boolean, isWatch: boolean): string {
  if (method === "GET" || method === "HEAD") return isWatch ? "watch" : hasName ? "get" : "list";
  return ({ PATCH: "patch", PUT: "update", DELETE: hasName ? "delete" : "deletecollection", POST: "create" } as Record<string, string>)[method] ?? method.toLowerCase();
}

export function forbidden(info: ResourceInfo, verb: string, namespace: string | undefined, name: string | undefined): HttpError {
  const subject = name ? `${qualifiedName(info)} "${name}"` : qualifiedName(info);
  const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
  const message = `${subject} is forbidden: User "${SIM_USER}" cannot ${verb} resource "${info.name}" in API group "${info.group}" ${scope}`;
  return new HttpError(403, "Forbidden", message, { ...(name ? { name } : {}), ...(info.group ? { group: info.group } : {}), kind: info.name });
}
