#!/usr/bin/env node
// Driftwatch's command line. TypeScript sources run through tsx (a runtime dependency).
import { register } from "tsx/esm/api";

register();
await import("../lib/oci/cli.ts");
