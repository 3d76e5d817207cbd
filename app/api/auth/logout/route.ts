import { withRoute } from "@/lib/server/http/route";
import { logout } from "@/lib/server/services/sign-in";

export const dynamic = "force-dynamic";

// Any signed-in user may end their own session (a same-origin JSON POST, like every change).
export const POST = withRoute({ role: "viewer" }, async ({ req }) => logout(req));
