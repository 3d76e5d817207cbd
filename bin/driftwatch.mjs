#!/usr/bin/env node
// Driftwatch's command line (`driftwatch resolve …`, `driftwatch audit verify`). The sources are
// TypeScript, run through tsx (a runtime dependency); see lib/oci/cli.ts and lib/server/cli/audit.ts
// for the commands and exit codes.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The project's tsconfig, wherever the command is run from: it maps the "@/" import alias.
register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const [command, ...rest] = process.argv.slice(2);
if (command === "audit") {
  const { main } = await import("../lib/server/cli/audit.ts");
  process.exitCode = await main(rest);
} else {
  const { main } = await import("../lib/oci/cli.ts");
  process.exitCode = await main(process.argv.slice(2));
}
