import { z } from "zod";

// GET /api/me: who the server thinks you are, so the UI can hide what your role may not do.
export const meSchema = z.object({
  user: z.string(),
  email: z.string().optional(),
  role: z.enum(["viewer", "operator"]),
  mode: z.enum(["oidc", "proxy", "none"]),
});
export type MeDto = z.infer<typeof meSchema>;

export const loginQuerySchema = z.object({ returnTo: z.string().max(2000).optional() });
export const callbackQuerySchema = z.object({ code: z.string().max(4096).optional(), state: z.string().max(512).optional(), error: z.string().max(200).optional(), iss: z.string().max(2000).optional() }).loose();
