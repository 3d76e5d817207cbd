import { withRoute } from "@/lib/server/http/route";
import { AppError } from "@/lib/server/errors";

// Any /api path no route claims: a problem+json 404 for every method, never Next's HTML page.
// Public on purpose: it reads nothing and says only that the path does not exist.
export const dynamic = "force-dynamic";

const notFound = async ({ req }: { req: Request }): Promise<Response> => {
  throw new AppError("NOT_FOUND", `no API at ${new URL(req.url).pathname}`);
};

export const GET = withRoute({ role: "public" }, notFound);
export const HEAD = withRoute({ role: "public" }, notFound);
export const POST = withRoute({ role: "public" }, notFound);
export const PUT = withRoute({ role: "public" }, notFound);
export const PATCH = withRoute({ role: "public" }, notFound);
export const DELETE = withRoute({ role: "public" }, notFound);
export const OPTIONS = withRoute({ role: "public" }, notFound);
