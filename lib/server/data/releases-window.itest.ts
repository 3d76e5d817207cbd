// The release report's state reads against a real Postgres: for any range, the states read
// (those overlapping it, then outward while a release runs across an end) give exactly the
// release intervals the whole history gives, with their true starts and ends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { releaseIntervals, type ReleaseInterval, type StateInterval } from "@/lib/drift/release-intervals";
import { utcTypes } from "@/lib/server/db/pg-types";
import { createTestDatabase } from "@/test/db";
import { loadStateIntervals } from "./releases";

const H = 3600_000;
const T0 = Date.UTC(2026, 0, 1);
const at = (h: number) => new Date(T0 + h * H);
const containers = (release: string, spec = "reg/api:1") => [{ name: "app", isInit: false, specImage: spec, releases: [{ release, pods: 2, readyPods: 2 }] }];

/** Workload 1: release a for 40 hourly states (health changes), b for 30, a gap, c still running. Workload 2: one open state. */
function history(): { workloadId: number; state: StateInterval }[] {
  const out: { workloadId: number; state: StateInterval }[] = [];
  for (let h = 0; h < 40; h++) out.push({ workloadId: 1, state: { from: at(h), to: at(h + 1), containers: containers("sha256:a") } });
  for (let h = 40; h < 70; h++) out.push({ workloadId: 1, state: { from: at(h), to: at(h + 1), containers: containers("sha256:b", "reg/api:2") } });
  for (let h = 72; h < 100; h++) out.push({ workloadId: 1, state: { from: at(h), to: h === 99 ? null : at(h + 1), containers: containers("sha256:c", "reg/api:2") } });
  out.push({ workloadId: 2, state: { from: at(5), to: null, containers: containers("sha256:d") } });
  return out;
}

describe("release report state reads", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, types: utcTypes, max: 2 });
    await pool.query(`INSERT INTO cluster (name, environment, server) VALUES ('prod-eu', 'prod', 'https://eu')`);
    await pool.query(`INSERT INTO workload (id, "clusterId", namespace, kind, name, "firstSeenAt", "lastSeenAt") SELECT i, 1, 'shop', 'Deployment', 'w' || i, now(), now() FROM generate_series(1, 2) i`);
    const rows = history();
    await pool.query(
      `INSERT INTO workload_state ("workloadId", "from", "to", "stateHash", containers, status)
       SELECT w, f AT TIME ZONE 'UTC', t AT TIME ZONE 'UTC', 'h' || n, c, 'in-sync' FROM unnest($1::int[], $2::timestamptz[], $3::timestamptz[], $4::jsonb[]) WITH ORDINALITY AS x(w, f, t, c, n)`,
      [rows.map((r) => r.workloadId), rows.map((r) => r.state.from.toISOString()), rows.map((r) => r.state.to?.toISOString() ?? null), rows.map((r) => JSON.stringify(r.state.containers))],
    );
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const short = (ivs: ReleaseInterval[]) => ivs.map((iv) => [iv.release.slice(7), (iv.from.getTime() - T0) / H, iv.to ? (iv.to.getTime() - T0) / H : null, iv.start]);
  const overlaps = (iv: ReleaseInterval, from: Date, to: Date) => iv.from < to && (iv.to === null || iv.to > from);

  it("reads a range's releases with their true ends, the same as the whole history cut to the range", async () => {
    const all = history();
    const whole = (id: number) => releaseIntervals(all.filter((r) => r.workloadId === id).map((r) => r.state));
    for (const [a, b] of [[0, 1], [10, 11], [39, 41], [45, 46], [69, 73], [70, 71], [80, 200], [-5, 3], [50, 90]] as const) {
      const [from, to] = [at(a), at(b)];
      const read = await loadStateIntervals(pool, { workloadIds: [1, 2], from: from.toISOString(), to: to.toISOString() });
      for (const id of [1, 2]) {
        const got = releaseIntervals(read.get(id) ?? []).filter((iv) => overlaps(iv, from, to));
        expect(short(got)).toEqual(short(whole(id).filter((iv) => overlaps(iv, from, to))));
      }
    }
  });

  it("reads a short range of a long release without its whole history", async () => {
    const read = await loadStateIntervals(pool, { workloadIds: [1], from: at(45).toISOString(), to: at(46).toISOString() });
    const states = read.get(1)!;
    // b ran from 40 to 70: the reads step out (4, 16, 64 states) past its start and its end, not through all 98 states.
    expect([states.length < 98, (states[0]!.from.getTime() - T0) / H <= 39, (states[states.length - 1]!.from.getTime() - T0) / H >= 70]).toEqual([true, true, true]);
    expect(short(releaseIntervals(states).filter((iv) => overlaps(iv, at(45), at(46))))).toEqual([["b", 40, 70, "spec-change"]]);
  });
});
