-- Search by prefix with b-tree lookups instead of a trigram scan of one long text: pg_trgm splits
-- words at '-', so "team-7" or "ns-17" became the trigrams of "team" and "7" and matched nearly
-- every row, and a full digest's "sha256" trigrams are in every row. Each workload gets one row per
-- thing search finds it by (the rules of lib/server/services/search.ts):
--   kind 'n': cluster name; namespace; workload name and its '/', '-', '_', '.'-separated parts; node names; pod
--             names; each image, its repository and the repository's parts, its tag, the repository
--             without its registry — all lower-cased, matched by prefix;
--   kind 'd': the hex of every digest its pods report or it is released as, and of the platform
--             manifests of those image indexes that its pods' architectures run (so a child
--             digest finds only the workloads that really run that child).
-- Each row also carries the workload's sort key (cluster, namespace, name, kind joined by U+001F,
-- so byte order is the tuple's order): a term's matches are ordered and cut to a page from the
-- index alone, without reading the (wide) workload rows. A deleted workload has no rows.
-- Kept by triggers: on workload (its own fields) and on index_manifest (an index learned after
-- the workload was written adds its children to the workloads that run it).

-- CreateTable
CREATE TABLE "workload_search_token" (
    "workloadId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "sortKey" TEXT NOT NULL,
    CONSTRAINT "workload_search_token_pkey" PRIMARY KEY ("workloadId","kind","token")
);

-- CreateIndex (text_pattern_ops: LIKE 'prefix%' is an index range whatever the database collation)
CREATE INDEX "workload_search_token_kind_token_workloadId_sortKey_idx" ON "workload_search_token"("kind", "token" text_pattern_ops, "workloadId", "sortKey");
-- Prefix ranges of very different sizes ("ns-17" against "n"): a finer histogram keeps estimates near.
ALTER TABLE "workload_search_token" ALTER COLUMN "token" SET STATISTICS 1000;

-- AddForeignKey
ALTER TABLE "workload_search_token" ADD CONSTRAINT "workload_search_token_workloadId_fkey" FOREIGN KEY ("workloadId") REFERENCES "workload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Does a node architecture ("amd64", "arm/v7") run an image platform? As lib/drift/platforms.ts:
-- the architecture is equal and variants conflict only when both are given (arm64/v8 = arm64).
CREATE FUNCTION "search_platform_runs"(node_arch TEXT, platform JSONB) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(platform->>'os', '') <> 'unknown' AND n.arch = platform->>'architecture'
    AND (n.variant IS NULL OR i.variant IS NULL OR n.variant = i.variant)
  FROM (SELECT split_part(node_arch, '/', 1) AS arch, nullif(split_part(node_arch, '/', 2), '') AS variant) n0,
    LATERAL (SELECT n0.arch, CASE WHEN n0.arch = 'arm64' AND n0.variant = 'v8' THEN NULL ELSE n0.variant END AS variant) n,
    LATERAL (SELECT CASE WHEN platform->>'architecture' = 'arm64' AND platform->>'variant' = 'v8' THEN NULL ELSE nullif(platform->>'variant', '') END AS variant) i
$$;

CREATE FUNCTION "workload_search_tokens"(cluster TEXT, ns TEXT, wname TEXT, cur JSONB) RETURNS TABLE ("kind" TEXT, "token" TEXT)
LANGUAGE sql STABLE AS $$
  WITH containers AS (
    SELECT x FROM jsonb_array_elements(CASE WHEN jsonb_typeof(cur->'containers') = 'array' THEN cur->'containers' ELSE '[]' END) x
  ), pods AS (
    SELECT p FROM jsonb_array_elements(CASE WHEN jsonb_typeof(cur->'podList') = 'array' THEN cur->'podList' ELSE '[]' END) p
  ), images AS (
    SELECT lower(x->>'image') AS image, regexp_replace(split_part(lower(x->>'image'), '@', 1), ':[^/:]*$', '') AS repo,
      substring(split_part(lower(x->>'image'), '@', 1) from ':([^/:]*)$') AS tag
    FROM containers WHERE x->>'image' IS NOT NULL
  ), whole(v) AS (
    SELECT lower(cluster) UNION ALL SELECT lower(ns)
    UNION ALL SELECT lower(n->>'name') FROM jsonb_array_elements(CASE WHEN jsonb_typeof(cur->'nodes') = 'array' THEN cur->'nodes' ELSE '[]' END) n
    UNION ALL SELECT lower(p->>'node') FROM pods
    UNION ALL SELECT lower(p->>'name') FROM pods
    UNION ALL SELECT image FROM images
    UNION ALL SELECT tag FROM images
    UNION ALL SELECT substr(repo, position('/' in repo) + 1) FROM images WHERE position('/' in repo) > 0
  ), split(v) AS (
    SELECT lower(wname) UNION ALL SELECT repo FROM images
  ), releases AS (
    SELECT r FROM containers, jsonb_array_elements(CASE WHEN jsonb_typeof(x->'releases') = 'array' THEN x->'releases' ELSE '[]' END) r
  ), digests(d, r) AS (
    SELECT r->>'release', r FROM releases
    UNION ALL SELECT d, r FROM releases, jsonb_array_elements_text(CASE WHEN jsonb_typeof(r->'digests') = 'array' THEN r->'digests' ELSE '[]' END) d
  ), children(d) AS (
    -- LATERAL … OFFSET 0: one primary-key lookup per digest, never a join over every index.
    SELECT c->>'digest' FROM digests
    CROSS JOIN LATERAL (SELECT i."platforms" FROM "index_manifest" i WHERE i."digest" = digests.d OFFSET 0) i
    CROSS JOIN jsonb_array_elements(i."platforms") c
    WHERE EXISTS (SELECT 1 FROM pods WHERE digests.r->'pods' ? (p->>'name') AND "search_platform_runs"(p->>'architecture', c))
  )
  SELECT 'n', v FROM whole WHERE v <> ''
  UNION SELECT 'n', v FROM split WHERE v <> ''
  UNION SELECT 'n', part FROM split, regexp_split_to_table(v, '[/._-]') part WHERE part <> ''
  UNION SELECT 'd', regexp_replace(lower(d), '^([a-z0-9]+:)+', '') FROM digests WHERE d IS NOT NULL
  UNION SELECT 'd', regexp_replace(lower(d), '^([a-z0-9]+:)+', '') FROM children WHERE d IS NOT NULL
$$;

-- plpgsql, not sql: its statements' plans are kept for the session instead of planned per row.
CREATE FUNCTION "workload_search_refresh"(wid INTEGER) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "workload_search_token" WHERE "workloadId" = wid;
  INSERT INTO "workload_search_token" ("workloadId", "kind", "token", "sortKey")
    SELECT w."id", t."kind", t."token", concat_ws(E'\x1f', c."name", w."namespace", w."name", w."kind")
    FROM "workload" w JOIN "cluster" c ON c."id" = w."clusterId", "workload_search_tokens"(c."name", w."namespace", w."name", w."current") t
    WHERE w."id" = wid AND w."deletedAt" IS NULL;
END
$$;

CREATE FUNCTION "workload_search_token_keep"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "workload_search_refresh"(NEW."id");
  RETURN NULL;
END
$$;

CREATE TRIGGER "workload_search_token_insert" AFTER INSERT ON "workload"
  FOR EACH ROW EXECUTE FUNCTION "workload_search_token_keep"();
CREATE TRIGGER "workload_search_token_update" AFTER UPDATE OF "namespace", "name", "current", "deletedAt" ON "workload"
  FOR EACH ROW WHEN (OLD."namespace" IS DISTINCT FROM NEW."namespace" OR OLD."name" IS DISTINCT FROM NEW."name"
    OR OLD."current" IS DISTINCT FROM NEW."current" OR (OLD."deletedAt" IS NULL) <> (NEW."deletedAt" IS NULL))
  EXECUTE FUNCTION "workload_search_token_keep"();

CREATE FUNCTION "index_manifest_search_token_keep"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
  ids INTEGER[];
  wid INTEGER;
BEGIN
  SELECT array_agg(DISTINCT "workloadId") INTO ids FROM "workload_search_token"
    WHERE "kind" = 'd' AND "token" = regexp_replace(lower(NEW."digest"), '^([a-z0-9]+:)+', '');
  FOREACH wid IN ARRAY coalesce(ids, ARRAY[]::INTEGER[]) LOOP
    PERFORM "workload_search_refresh"(wid);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER "index_manifest_search_token_keep" AFTER INSERT ON "index_manifest"
  FOR EACH ROW EXECUTE FUNCTION "index_manifest_search_token_keep"();

INSERT INTO "workload_search_token" ("workloadId", "kind", "token", "sortKey")
  SELECT w."id", t."kind", t."token", concat_ws(E'\x1f', c."name", w."namespace", w."name", w."kind")
  FROM "workload" w JOIN "cluster" c ON c."id" = w."clusterId", "workload_search_tokens"(c."name", w."namespace", w."name", w."current") t
  WHERE w."deletedAt" IS NULL;

-- The trigram text it replaces.
DROP TRIGGER "workload_search_text_keep" ON "workload";
DROP FUNCTION "workload_search_text_trigger"();
DROP FUNCTION "workload_search_text"(TEXT, TEXT, JSONB);
DROP INDEX "workload_searchText_trgm_idx";
ALTER TABLE "workload" DROP COLUMN "searchText";
