import { handle, json, parseQuery } from "@/lib/server/http/api";
import { listChanges } from "@/lib/server/services/list-changes";
import { changesQuerySchema } from "@/lib/schemas/fleet";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handle(async () => json(await listChanges(parseQuery(req, changesQuerySchema))));
}
