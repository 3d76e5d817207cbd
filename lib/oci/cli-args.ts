import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { parseArgs as nodeParseArgs } from "node:util";
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

const OPTIONS = {
  platform: { type: "string" },
  "docker-config": { type: "string" },
  insecure: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

/** `resolve REF [options]`; `--opt value` and `--opt=value` both work, anything unknown is an error. */
export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") return { ok: false, help: true, message: USAGE };
  if (command !== "resolve") return usageError(command ? `unknown command "${command}"` : "missing command");
  let parsed: ReturnType<typeof parseWithNode>;
  try {
    parsed = parseWithNode(rest);
  } catch (e) {
    return usageError(describeParseError(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { ok: false, help: true, message: USAGE };
  for (const [name, value] of Object.entries(values)) {
    if (value === "" || (Array.isArray(value) && value.includes(""))) return usageError(`--${name} needs a value`);
  }
  if (positionals.length > 1) return usageError(`unexpected argument "${positionals[1]}"`);
  const ref = positionals[0];
  if (!ref) return usageError("missing image reference");
  const out: ResolveArgs = { ref, insecure: values.insecure ?? [] };
  if (values.platform !== undefined) {
    const platform = parsePlatform(values.platform);
    if (!platform) return usageError(`--platform takes os/arch[/variant], e.g. linux/arm64, not "${values.platform}"`);
    out.platform = platform;
  }
  if (values["docker-config"] !== undefined) out.dockerConfig = values["docker-config"];
  return { ok: true, value: out };
}

const parseWithNode = (args: string[]) => nodeParseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });

/** node:util's errors name the problem in its own words; ours name the option as typed. */
function describeParseError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const message = err.message ?? String(e);
  // "Option '-h, --help' does not take …" / "Option '--platform <value>' argument missing"
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? "";
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${option}`;
  if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return message.includes("does not take") ? `${option} takes no value` : `${option} needs a value`;
  return message;
}

/** Where docker and skopeo look when no file is named: $DOCKER_CONFIG/config.json, ~/.docker/config.json. */
export function defaultDockerConfig(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = path.join(env.DOCKER_CONFIG ?? path.join(homedir(), ".docker"), "config.json");
  return existsSync(file) ? file : undefined;
}
