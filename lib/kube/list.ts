// Paginated listing (`limit`/`continue`) with a per-request timeout that really aborts the
// request, validating each item and handing it on at once so a page can be dropped before the
// next one arrives.
import { Observable, type ConfigurationOptions, type ObservableMiddleware, type RequestContext, type ResponseContext } from "@kubernetes/client-node";
import type { z } from "zod";

export type ListPage = { items: unknown[]; metadata?: { _continue?: string | null; continue?: string | null } | null };
export type PageRequest = { limit: number; _continue?: string };
export type PageFetcher = (req: PageRequest, options: ConfigurationOptions) => Promise<ListPage>;
export type Skipped = { resource: string; name: string; reason: string };

export class ListTimeoutError extends Error {
  override name = "AbortError";
}

/** Request options that attach `signal` to the HTTP request (the client has no other hook for it). */
export function withSignal(signal: AbortSignal): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (ctx: RequestContext) => {
      ctx.setSignal(signal);
      return new Observable(Promise.resolve(ctx));
    },
    post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: "append" };
}

/** One page, aborted after `timeoutMs` or when `outer` aborts (another list failed fatally). */
async function fetchPage(fetch: PageFetcher, req: PageRequest, timeoutMs: number, outer: AbortSignal): Promise<ListPage> {
  const ctrl = new AbortController();
  const onOuter = () => ctrl.abort(outer.reason);
  outer.addEventListener("abort", onOuter, { once: true });
  let timer: NodeJS.Timeout | undefined;
  // Belt and braces: a client that ignored the signal would still be cut off here.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ListTimeoutError(`no answer within ${timeoutMs} ms`)); // settles the race first
      ctrl.abort();
    }, timeoutMs);
  });
  try {
    return await Promise.race([fetch(req, withSignal(ctrl.signal)), timeout]);
  } finally {
    clearTimeout(timer);
    outer.removeEventListener("abort", onOuter);
  }
}

export type ListOptions<S extends z.ZodType> = {
  resource: string;
  fetch: PageFetcher;
  schema: S;
  pageSize: number;
  timeoutMs: number;
  signal: AbortSignal;
  onItem: (item: z.infer<S>) => void;
  onSkip: (s: Skipped) => void;
  /** Called after each page that arrived and was read. */
  onPage?: () => void;
};

/** Lists every page; throws what the client threw (the caller turns it into a gap). */
export async function listAll<S extends z.ZodType>(o: ListOptions<S>): Promise<number> {
  let cont: string | undefined;
  let count = 0;
  const seen = new Set<string>();
  do {
    if (o.signal.aborted) throw new ListTimeoutError("collection aborted");
    const page = await fetchPage(o.fetch, { limit: o.pageSize, ...(cont ? { _continue: cont } : {}) }, o.timeoutMs, o.signal);
    if (!page || !Array.isArray(page.items)) throw new SyntaxError(`${o.resource}: the response has no items array`);
    for (const raw of page.items) {
      const parsed = o.schema.safeParse(raw);
      if (parsed.success) o.onItem(parsed.data);
      else o.onSkip({ resource: o.resource, name: objectName(raw), reason: parsed.error.issues.map((i) => `${i.path.join(".") || "(object)"}: ${i.message}`).join("; ") });
      count++;
    }
    o.onPage?.();
    cont = page.metadata?._continue ?? page.metadata?.continue ?? undefined;
    if (cont && seen.has(cont)) throw new SyntaxError(`${o.resource}: the server repeated a continue token`);
    if (cont) seen.add(cont);
  } while (cont);
  return count;
}

function objectName(raw: unknown): string {
  const m = (raw as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  const name = typeof m?.name === "string" && m.name ? m.name : "(unnamed)";
  return typeof m?.namespace === "string" && m.namespace ? `${m.namespace}/${name}` : name;
}
