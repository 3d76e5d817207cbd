import path from "node:path";

/** Project root: the folder holding package.json (process.cwd() for npm scripts and Next). */
export const projectRoot = process.env.DRIFTWATCH_ROOT ?? process.cwd();
export const migrationsDir = path.join(projectRoot, "prisma", "migrations");
export const schemaPath = path.join(projectRoot, "prisma", "schema.prisma");
export const defaultDataDir = path.join(projectRoot, ".data");
