// A Driftwatch process that dies in the middle of a pin: applies one change through the real
// service and is killed (SIGKILL, nothing flushed) right after the intent event or right after
// the PATCH, before the result event. Run with `node --conditions=react-server --import tsx`.
// argv: kubeconfig databaseUrl registryHost hook requestJson
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { loadClusterSources } from "@/lib/kube/clusters";
import { createRegistryAccess } from "@/lib/server/poller/registry-access";
import { applyPin, type ApplyRequest } from "@/lib/server/services/pin-workload";

const [kubeconfig, databaseUrl, registryHost, hook, request] = process.argv.slice(2);
const die = () => void process.kill(process.pid, "SIGKILL");
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl! }) });
const { clusters } = loadClusterSources({ kubeconfigPath: kubeconfig! });
const registry = createRegistryAccess({ insecureHosts: [registryHost!], tagTtlMs: 0 });
await applyPin(
  {
    db,
    source: (name) => clusters.find((c) => c.name === name),
    checkKey: (key) => registry.resolveKey(key),
    protectedEnvironments: [],
    hooks: hook === "crash-after-patch" ? { afterPatch: die } : { afterIntent: die },
  },
  JSON.parse(request!) as ApplyRequest,
  { user: "carol", role: "operator" },
);
process.stdout.write("not killed\n");
process.exit(0);
