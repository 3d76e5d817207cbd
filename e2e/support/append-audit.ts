// Writes audit events through Driftwatch's own data layer (as pin/rollback does), for the
// end-to-end specs: `node --conditions=react-server --import tsx e2e/support/append-audit.ts`
// with DATABASE_URL set and a JSON array of AuditEventInput on stdin (appended in one transaction).
// Prints the appended ids.
import { readFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { appendAuditEvent, type AuditEventInput } from "@/lib/server/data/audit";

const events = JSON.parse(readFileSync(0, "utf8")) as AuditEventInput[];
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) });
// One transaction: the app's rollout follower must see the whole change or none of it (it would
// otherwise follow a half-written one and record its own outcome).
const ids = await prisma.$transaction(async (tx) => {
  const out: string[] = [];
  for (const e of events) out.push((await appendAuditEvent(e, tx)).id);
  return out;
});
await prisma.$disconnect();
console.log(JSON.stringify(ids));
