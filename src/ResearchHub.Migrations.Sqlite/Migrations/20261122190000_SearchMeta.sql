-- Search on SQLite: a narrow row per document read in the same pass as the FTS5 matches, facet
-- values by key, and FTS5's vocabulary for term statistics. Written by hand (outside the EF model).
CREATE TABLE "SearchMeta" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SearchMeta" PRIMARY KEY,
    "Visibility" INTEGER NOT NULL,
    "OwnerOrganisationId" INTEGER NULL,
    "CreatorUserId" TEXT NULL,
    "Audience" TEXT NULL,
    "Year" INTEGER NULL,
    "Date" INTEGER NULL,
    "Facets" BLOB NOT NULL
);

CREATE TABLE "SearchFacetValues" (
    "Key" INTEGER NOT NULL CONSTRAINT "PK_SearchFacetValues" PRIMARY KEY,
    "Facet" TEXT NOT NULL,
    "Value" TEXT NOT NULL
);

CREATE VIRTUAL TABLE "SearchFtsVocab" USING fts5vocab('SearchFts', 'row');

DROP TRIGGER "SearchDocuments_ad";
CREATE TRIGGER "SearchDocuments_ad" AFTER DELETE ON "SearchDocuments" BEGIN
    INSERT INTO "SearchFts" ("SearchFts", rowid, "Title", "Summary", "Body", "FileText", "Extra")
    VALUES ('delete', old."Id", old."Title", old."Summary", old."Body", old."FileText", old."Extra");
    DELETE FROM "SearchMeta" WHERE "Id" = old."Id";
END;

-- Emptied so that the start-up task rebuilds every document with its new row.
DELETE FROM "SearchFacets";
DELETE FROM "SearchDocuments";
DELETE FROM "SearchState" WHERE "Name" = 'LastRebuild';
