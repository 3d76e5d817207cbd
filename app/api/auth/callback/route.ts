import { withRoute } from "@/lib/server/http/route";
import { completeLogin } from "@/lib/server/services/sign-in";
import { callbackQuerySchema } from "@/lib/schemas/me";

export const dynamic = "force-dynamic";

// Public: the OpenID provider redirects the browser here with the authorization code.
export const GET = withRoute({ role: "public", query: callbackQuerySchema }, async ({ req }) => completeLogin(req));
