import "server-only";
import type { Poller } from "@/lib/server/poller/poller";

// The process-wide poller (Next may load server modules more than once; keep it on globalThis).
const g = globalThis as unknown as { driftwatchPoller?: Poller };

export function setPoller(p: Poller | undefined) {
  g.driftwatchPoller = p;
}

export function getPoller(): Poller | undefined {
  return g.driftwatchPoller;
}

export function getPollerState(): { holder: string } | undefined {
  return g.driftwatchPoller ? { holder: g.driftwatchPoller.holder } : undefined;
}
