import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { Platform } from "@/lib/drift/observation";

export const USAGE = "usage: driftwatch resolve REF [--platform os/arch[/variant]] [--docker-config FILE] [--insecure HOST[:PORT]]...";

export type ResolveArgs = { ref: string; platform?: Platform; dockerConfig?: string; insecure: string[] };
export type ParsedArgs = { ok: true; value: ResolveArgs } | { ok: false; help: boolean; message: string };

const usageError = (message: string): ParsedArgs => ({ ok: false, help: false, message });

export function parsePlatform(text: string): Platform | undefined {
  const [os, architecture, variant, ...rest] = text.split("/");
  if (!os || !architecture || rest.length || variant === "") return undefined;
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/** `resolve REF [options]`; `--opt value` and `--opt=value` both work. */
export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") return { ok: false, help: true, message: USAGE };
  if (command !== "resolve") return usageError(command ? `unknown command "${command}"` : "missing command");
  const out: Partial<ResolveArgs> & { insecure: string[] } = { insecure: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--help" || arg === "-h") return { ok: false, help: true, message: USAGE };
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const isOption = ["--platform", "--docker-config", "--insecure"].includes(name);
    if (!isOption) {
      if (arg.startsWith("-")) return usageError(`unknown option ${arg}`);
      if (out.ref) return usageError(`unexpected argument "${arg}"`);
      out.ref = arg;
      continue;
    }
    const value = eq === -1 ? rest[++i] : arg.slice(eq + 1);
    if (!value) return usageError(`${name} needs a value`);
    if (name === "--platform") {
      const platform = parsePlatform(value);
      if (!platform) return usageError(`--platform takes os/arch[/variant], e.g. linux/arm64, not "${value}"`);
      out.platform = platform;
    } else if (name === "--docker-config") out.dockerConfig = value;
    else out.insecure.push(value);
  }
  if (!out.ref) return usageError("missing image reference");
  return { ok: true, value: { ...out, ref: out.ref } };
}

/** Where docker and skopeo look when no file is named: $DOCKER_CONFIG/config.json, ~/.docker/config.json. */
export function defaultDockerConfig(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = path.join(env.DOCKER_CONFIG ?? path.join(homedir(), ".docker"), "config.json");
  return existsSync(file) ? file : undefined;
}
