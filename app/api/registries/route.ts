import { json } from "@/lib/server/http/api";
import { withRoute } from "@/lib/server/http/route";
import { listRegistries } from "@/lib/server/services/list-registries";

export const dynamic = "force-dynamic";

export const GET = withRoute({ role: "viewer" }, async () => json(await listRegistries()));
