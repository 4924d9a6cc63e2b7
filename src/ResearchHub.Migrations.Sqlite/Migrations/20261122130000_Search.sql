-- The Search module. Written by hand: the FTS5 table and its triggers are outside the EF model.
CREATE TABLE "SearchDocuments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SearchDocuments" PRIMARY KEY AUTOINCREMENT,
    "Type" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Summary" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "FileText" TEXT NOT NULL,
    "Extra" TEXT NOT NULL,
    "Url" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Year" INTEGER NULL,
    "Date" INTEGER NULL,
    "Visibility" INTEGER NOT NULL,
    "OwnerOrganisationId" INTEGER NULL,
    "CreatorUserId" TEXT NULL,
    "Audience" TEXT NULL,
    "IndexedAt" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "IX_SearchDocuments_Type_Key" ON "SearchDocuments" ("Type", "Key");
CREATE INDEX "IX_SearchDocuments_Date" ON "SearchDocuments" ("Date");

CREATE TABLE "SearchFacets" (
    "DocumentId" INTEGER NOT NULL,
    "Facet" TEXT NOT NULL,
    "ValueKey" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    CONSTRAINT "PK_SearchFacets" PRIMARY KEY ("DocumentId", "Facet", "ValueKey")
) WITHOUT ROWID;

CREATE INDEX "IX_SearchFacets_Facet_ValueKey" ON "SearchFacets" ("Facet", "ValueKey", "DocumentId");

CREATE TABLE "SearchState" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_SearchState" PRIMARY KEY,
    "Value" TEXT NOT NULL
);

CREATE VIRTUAL TABLE "SearchFts" USING fts5(
    "Title", "Summary", "Body", "FileText", "Extra",
    content='SearchDocuments', content_rowid='Id',
    tokenize='porter unicode61 remove_diacritics 2'
);

-- The triggers keep the FTS5 index in the same transaction as its document row.
CREATE TRIGGER "SearchDocuments_ai" AFTER INSERT ON "SearchDocuments" BEGIN
    INSERT INTO "SearchFts" (rowid, "Title", "Summary", "Body", "FileText", "Extra")
    VALUES (new."Id", new."Title", new."Summary", new."Body", new."FileText", new."Extra");
END;

CREATE TRIGGER "SearchDocuments_ad" AFTER DELETE ON "SearchDocuments" BEGIN
    INSERT INTO "SearchFts" ("SearchFts", rowid, "Title", "Summary", "Body", "FileText", "Extra")
    VALUES ('delete', old."Id", old."Title", old."Summary", old."Body", old."FileText", old."Extra");
END;

CREATE TRIGGER "SearchDocuments_au" AFTER UPDATE ON "SearchDocuments" BEGIN
    INSERT INTO "SearchFts" ("SearchFts", rowid, "Title", "Summary", "Body", "FileText", "Extra")
    VALUES ('delete', old."Id", old."Title", old."Summary", old."Body", old."FileText", old."Extra");
    INSERT INTO "SearchFts" (rowid, "Title", "Summary", "Body", "FileText", "Extra")
    VALUES (new."Id", new."Title", new."Summary", new."Body", new."FileText", new."Extra");
END;
