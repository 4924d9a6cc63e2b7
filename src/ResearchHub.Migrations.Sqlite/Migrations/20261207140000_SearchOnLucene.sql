-- Search runs on Lucene.Net: one index per node on disk (App_Data/search/), derived from
-- SearchDocuments and SearchFacets (the record) and kept in step through SearchChanges. The FTS5
-- table, its vocabulary, the narrow SearchMeta copy and the facet-value table only served the
-- searches SQLite answered itself; they hold nothing the record lacks, so they are dropped.
-- Written by hand (outside the EF model).
DROP TRIGGER IF EXISTS "SearchMeta_ai";
DROP TRIGGER IF EXISTS "SearchMeta_au";
DROP TRIGGER IF EXISTS "SearchMeta_ad";
DROP TRIGGER IF EXISTS "SearchDocuments_ad";
DROP TABLE IF EXISTS "SearchFtsVocab";
DROP TABLE IF EXISTS "SearchFts";
DROP TABLE IF EXISTS "SearchMeta";
DROP TABLE IF EXISTS "SearchFacetValues";

-- Every write of a document row appends its id, in the writing transaction. SQLite has one writer
-- at a time, so sequence numbers are handed out in commit order: a node follows with max(Seq).
CREATE TRIGGER "SearchDocuments_changed_ai" AFTER INSERT ON "SearchDocuments" BEGIN
    INSERT INTO "SearchChanges" ("DocumentId") VALUES (new."Id");
END;

CREATE TRIGGER "SearchDocuments_changed_au" AFTER UPDATE ON "SearchDocuments" BEGIN
    INSERT INTO "SearchChanges" ("DocumentId") VALUES (new."Id");
END;

CREATE TRIGGER "SearchDocuments_changed_ad" AFTER DELETE ON "SearchDocuments" BEGIN
    INSERT INTO "SearchChanges" ("DocumentId") VALUES (old."Id");
END;

-- Entries of the old triggers name the same documents; a new index is built from the rows anyway.
DELETE FROM "SearchChanges";
