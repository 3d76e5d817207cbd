// Label and field selectors as the API server understands them (the subset clients use).
import type { K8sObject } from "./store";

type Requirement = (labels: Record<string, string>) => boolean;

export function parseLabelSelector(selector: string): Requirement[] {
  const out: Requirement[] = [];
  // Split on commas that are not inside parentheses.
  const parts = selector.split(/,(?![^(]*\))/).map((s) => s.trim()).filter(Boolean);
  for (const p of parts) {
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      const [, k, op, vals] = m;
      const set = new Set(vals!.split(",").map((v) => v.trim()));
      out.push(op === "in" ? (l) => set.has(l[k!] ?? "\0") : (l) => !set.has(l[k!] ?? "\0"));
    } else if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(p))) {
      const [, k, op, v] = m;
      out.push(op === "!=" ? (l) => l[k!] !== v : (l) => l[k!] === v);
    } else if ((m = /^!([\w./-]+)$/.exec(p))) {
      const k = m[1]!;
      out.push((l) => !(k in l));
    } else if (/^[\w./-]+$/.test(p)) {
      out.push((l) => p in l);
    } else {
      throw new Error(`unable to parse requirement: "${p}"`);
    }
  }
  return out;
}

export function matchesLabelSelector(labels: Record<string, string>, selector: string): boolean {
  return parseLabelSelector(selector).every((r) => r(labels));
}

function fieldValue(obj: K8sObject, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split(".")) cur = (cur as Record<string, unknown> | undefined)?.[part];
  return cur === undefined || cur === null ? undefined : String(cur);
}

export function matchesFieldSelector(obj: K8sObject, selector: string): boolean {
  return selector.split(",").filter(Boolean).every((p) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(p.trim());
    if (!m) return false;
    const v = fieldValue(obj, m[1]!) ?? "";
    return m[2] === "!=" ? v !== m[3] : v === m[3];
  });
}
