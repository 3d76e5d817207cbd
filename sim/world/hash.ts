import { createHash } from "node:crypto";

/** Kubernetes-style short hash (pod-template-hash, controller revision suffix). */
export function shortHash(value: unknown, length = 10): string {
  const hex = createHash("sha256").update(JSON.stringify(value)).digest("hex");
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let out = "";
  for (let i = 0; out.length < length; i += 2) out += alphabet[parseInt(hex.slice(i, i + 2), 16) % alphabet.length];
  return out;
}
