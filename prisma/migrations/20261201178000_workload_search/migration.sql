-- Search (GET /api/search): a denormalised, lower-cased text of what a workload can be found by,
-- kept by a trigger so no writer has to remember it, and a trigram index so a substring
-- (LIKE '%…%') stays an index scan at 50,000 workloads.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AddColumn
ALTER TABLE "workload" ADD COLUMN "searchText" TEXT NOT NULL DEFAULT '';

CREATE FUNCTION "workload_search_text"(ns TEXT, wname TEXT, cur JSONB) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(ns || ' ' || wname || ' '
    || jsonb_path_query_array(cur, '$.containers[*].image')::text || ' '
    || jsonb_path_query_array(cur, '$.containers[*].releases[*].release')::text || ' '
    || jsonb_path_query_array(cur, '$.containers[*].releases[*].digests[*]')::text || ' '
    || jsonb_path_query_array(cur, '$.nodes[*].name')::text || ' '
    || jsonb_path_query_array(cur, '$.podList[*].name')::text || ' '
    || jsonb_path_query_array(cur, '$.containers[*].releases[*].pods[*]')::text)
$$;

CREATE FUNCTION "workload_search_text_trigger"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchText" := "workload_search_text"(NEW."namespace", NEW."name", NEW."current");
  RETURN NEW;
END
$$;

CREATE TRIGGER "workload_search_text_keep" BEFORE INSERT OR UPDATE OF "namespace", "name", "current" ON "workload"
  FOR EACH ROW EXECUTE FUNCTION "workload_search_text_trigger"();

UPDATE "workload" SET "searchText" = "workload_search_text"("namespace", "name", "current");

-- CreateIndex
CREATE INDEX "workload_searchText_trgm_idx" ON "workload" USING GIN ("searchText" gin_trgm_ops);
