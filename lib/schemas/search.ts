import { z } from "zod";

// GET /api/search: one box for "where does this run?" — digest prefix, image, node, pod,
// workload, namespace or cluster; every whitespace-separated term must match.

// Control characters (NUL above all: Postgres refuses it in text) are refused, not stripped.
const CONTROL = /[\u0000-\u001f\u007f]/;

export const searchQuerySchema = z.object({
  q: z.string().trim().min(2, "at least 2 characters").max(200).refine((s) => !CONTROL.test(s), "control characters are not allowed"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const SEARCH_MATCH_KINDS = ["digest", "workload", "namespace", "node", "pod", "image", "cluster"] as const;
export const searchItemSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  kind: z.string(),
  name: z.string(),
  matched: z.enum(SEARCH_MATCH_KINDS),
  /** The full digest the prefix matched (index or platform digest). */
  digest: z.string().optional(),
  /** The image reference (for image and digest matches). */
  image: z.string().optional(),
  nodes: z.array(z.string()),
  pods: z.array(z.string()),
  status: z.enum(["in-sync", "drift"]),
});
export type SearchItemDto = z.infer<typeof searchItemSchema>;
export const searchResultSchema = z.object({ items: z.array(searchItemSchema), truncated: z.boolean() });
export type SearchResultDto = z.infer<typeof searchResultSchema>;
