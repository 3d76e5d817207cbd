import { withRoute } from "@/lib/server/http/route";
import { beginLogin } from "@/lib/server/services/sign-in";
import { loginQuerySchema } from "@/lib/schemas/me";

export const dynamic = "force-dynamic";

// Public: this is how an anonymous browser starts signing in (redirect to the OpenID provider).
export const GET = withRoute({ role: "public", query: loginQuerySchema }, async ({ query }) => beginLogin(query.returnTo));
