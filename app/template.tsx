import type { ReactNode } from "react";
import { pageGate } from "@/lib/server/auth/page";

// Templates render again on every navigation (the root layout does not): the session is checked
// on the server for each page a user moves to, not only on the first load.
export default async function Template({ children }: { children: ReactNode }) {
  await pageGate();
  return children;
}
