// Label and field selectors as the API server parses them. Selectors are compiled once per
// request and then applied to every object, so a list over 10,000 pods parses the string once.
export type LabelMatcher = (labels: Record<string, string>) => boolean;
export type FieldMatcher = (obj: { metadata: { name: string; namespace?: string } }) => boolean;

export class SelectorError extends Error {}

const KEY = String.raw`(?:[a-z0-9A-Z.-]+/)?[a-z0-9A-Z](?:[-a-z0-9A-Z_.]*[a-z0-9A-Z])?`;
const VALUE = String.raw`(?:[a-z0-9A-Z](?:[-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?`;
const SET_RE = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EQ_RE = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const EXISTS_RE = new RegExp(`^(!?)\\s*(${KEY})$`);

/** Splits on commas outside parentheses: `a in (x,y),b` → ["a in (x,y)", "b"]. */
function splitTerms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

function labelTerm(term: string): LabelMatcher {
  let m = SET_RE.exec(term);
  if (m) {
    const [, key, op, raw] = m as unknown as [string, string, string, string];
    const values = new Set(raw.split(",").map((v) => v.trim()));
    if ([...values].some((v) => !new RegExp(`^${VALUE}$`).test(v))) throw new SelectorError(`unable to parse requirement: invalid value in "${term}"`);
    return op === "in" ? (l) => key in l && values.has(l[key]!) : (l) => !(key in l) || !values.has(l[key]!);
  }
  m = EQ_RE.exec(term);
  if (m) {
    const [, key, op, value] = m as unknown as [string, string, string, string];
    // `!=` also matches objects without the label, as in Kubernetes.
    return op === "!=" ? (l) => l[key] !== value : (l) => key in l && l[key] === value;
  }
  m = EXISTS_RE.exec(term);
  if (m) {
    const [, not, key] = m as unknown as [string, string, string];
    return not ? (l) => !(key in l) : (l) => key in l;
  }
  throw new SelectorError(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, or end of string`);
}

/** Throws SelectorError for a selector the API server would reject. */
export function compileLabelSelector(selector: string): LabelMatcher {
  const terms = splitTerms(selector).map(labelTerm);
  return (labels) => terms.every((t) => t(labels));
}

export function matchesLabelSelector(labels: Record<string, string>, selector: string): boolean {
  return compileLabelSelector(selector)(labels);
}

// Field labels each resource supports (the rest are 400 "field label not supported").
const FIELDS: Record<string, string[]> = {
  pods: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
  nodes: ["spec.unschedulable"],
  events: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
  secrets: ["type"],
  namespaces: ["status.phase"],
  replicasets: ["status.replicas"],
};

function fieldValue(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split(".")) cur = (cur as Record<string, unknown> | undefined)?.[part];
  if (path === "source") cur = (obj as { source?: { component?: string } }).source?.component;
  if (cur === undefined || cur === null) return path === "spec.unschedulable" || path === "spec.hostNetwork" ? "false" : "";
  return String(cur);
}

/** `resource` enables the per-resource field list; without it any dotted path is allowed. */
export function compileFieldSelector(selector: string, resource?: string): FieldMatcher {
  const terms = splitTerms(selector).map((term) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [, field, op, value] = m as unknown as [string, string, string, string];
    const allowed = field === "metadata.name" || field === "metadata.namespace" || resource === undefined || (FIELDS[resource] ?? []).includes(field);
    if (!allowed) throw new SelectorError(`field label not supported: ${field}`);
    return (o: unknown) => (fieldValue(o, field) === value) !== (op === "!=");
  });
  return (obj) => terms.every((t) => t(obj));
}

export function matchesFieldSelector(obj: { metadata: { name: string; namespace?: string } }, selector: string): boolean {
  return compileFieldSelector(selector)(obj);
}

/** `metadata.name=X` (the watch kubectl rollout status opens) lets the store look up one key. */
export function exactName(selector: string | undefined): string | undefined {
  if (!selector) return undefined;
  const terms = splitTerms(selector);
  for (const t of terms) {
    const m = /^metadata\.name\s*==?\s*(.+)$/.exec(t);
    if (m) return m[1];
  }
  return undefined;
}
