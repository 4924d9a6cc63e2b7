-- Searches on SQLite are answered from postings the hub keeps in memory (ResearchHub.Search,
-- Services/Memory), built from the index tables. They follow the index through this log: every
-- write of a document's SearchMeta row (insert, update, delete) appends the document's id in the
-- writing transaction, so a change is in the log exactly when it is committed. SQLite has one
-- writer at a time, so sequence numbers are handed out in commit order. Written by hand (outside the EF model).
CREATE TABLE "SearchChanges" (
    "Seq" INTEGER NOT NULL CONSTRAINT "PK_SearchChanges" PRIMARY KEY AUTOINCREMENT,
    "DocumentId" INTEGER NOT NULL
);

CREATE TRIGGER "SearchMeta_ai" AFTER INSERT ON "SearchMeta" BEGIN
    INSERT INTO "SearchChanges" ("DocumentId") VALUES (new."Id");
END;

CREATE TRIGGER "SearchMeta_au" AFTER UPDATE ON "SearchMeta" BEGIN
    INSERT INTO "SearchChanges" ("DocumentId") VALUES (new."Id");
END;

CREATE TRIGGER "SearchMeta_ad" AFTER DELETE ON "SearchMeta" BEGIN
    INSERT INTO "SearchChanges" ("DocumentId") VALUES (old."Id");
END;
