import "server-only";
import { getDb } from "@/lib/server/db/client";
import { getEnv, list } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { getRuntime } from "@/lib/server/poller/runtime";
import type { PinDeps } from "@/lib/server/services/pin-context";

// The pin services' wiring in the running app: the runtime's cluster sources and uncached
// registry checks, the protected environments, and the crash hooks the recovery test uses.

/** DRIFTWATCH_TEST_HOOKS=crash-after-intent|crash-after-patch ends the process at that point (tests only). */
function hooks(): PinDeps["hooks"] {
  const hook = process.env.DRIFTWATCH_TEST_HOOKS;
  const crash = () => {
    process.stderr.write(`DRIFTWATCH_TEST_HOOKS=${hook}: ending the process\n`);
    process.kill(process.pid, "SIGKILL");
  };
  if (hook === "crash-after-intent") return { afterIntent: crash };
  if (hook === "crash-after-patch") return { afterPatch: crash };
  return undefined;
}

export function runtimePinDeps(): PinDeps {
  const runtime = getRuntime();
  if (!runtime) throw new AppError("UNAVAILABLE", "Driftwatch is still starting: no cluster access yet");
  const h = hooks();
  return {
    db: getDb(),
    source: (name) => runtime.clusterSources.get(name),
    checkKey: runtime.checkKey,
    protectedEnvironments: list(getEnv().DRIFTWATCH_PROTECTED_ENVIRONMENTS),
    ...(h ? { hooks: h } : {}),
  };
}
