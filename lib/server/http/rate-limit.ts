import "server-only";
import { LRUCache } from "lru-cache";
import { getAuthSettings } from "@/lib/server/auth/settings";

// Per-user limits on changes, in memory (per replica; bounded so a flood of users or keys cannot
// grow it). Two kinds: a budget of unsafe requests per minute per user, and "at most once per
// key per N seconds" for expensive actions (poll now per cluster).

type Window = { count: number; resetAt: number };

const windows = new LRUCache<string, Window>({ max: 20_000 });

export type Limited = { retryAfterSeconds: number; detail: string };

/** Count one hit on `key`; refuse when more than `max` hits fall in the current window. */
export function hit(key: string, max: number, windowMs: number, now = Date.now()): Limited | null {
  if (windowMs <= 0) return null;
  const w = windows.get(key);
  if (!w || w.resetAt <= now) {
    windows.set(key, { count: 1, resetAt: now + windowMs }, { ttl: windowMs });
    return null;
  }
  if (w.count >= max) return { retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)), detail: "" };
  w.count++;
  return null;
}

export function limitWrites(user: string): Limited | null {
  const max = getAuthSettings().limits.writesPerMinute;
  const l = hit(`writes\u0000${user}`, max, 60_000);
  return l && { ...l, detail: `at most ${max} changes per minute per user; try again in ${l.retryAfterSeconds} s` };
}

/** Poll now: at most once per cluster (or "all") per DRIFTWATCH_POLL_NOW_EVERY_SECONDS per user. */
export function limitPollNow(user: string, cluster: string | undefined): Limited | null {
  const every = getAuthSettings().limits.pollNowEverySeconds;
  const what = cluster ? `cluster ${cluster}` : "all clusters";
  const l = hit(`poll\u0000${user}\u0000${cluster ?? "*"}`, 1, every * 1000);
  return l && { ...l, detail: `${what} was polled on your request less than ${every} s ago; try again in ${l.retryAfterSeconds} s` };
}

export const resetLimitsForTests = () => windows.clear();
