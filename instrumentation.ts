// Runs once when the Next server starts. Background work lives in lib/server/startup.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startBackground } = await import("@/lib/server/startup");
  await startBackground();
}
