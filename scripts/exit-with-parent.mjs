// Preloaded into `next start` by scripts/start.ts (`node --import`), which spawns it with an IPC
// channel. If the start script dies without stopping the app (SIGKILL, OOM killer), the channel
// closes; without this the app would keep serving, and keep the port, with nothing left to stop
// its PostgreSQL or restart it. The channel is unref'd so it never keeps the app alive by itself.
if (process.channel) {
  process.channel.unref();
  process.on("disconnect", () => {
    console.error("[driftwatch] the start script has gone away; stopping the app");
    process.exit(1);
  });
}
