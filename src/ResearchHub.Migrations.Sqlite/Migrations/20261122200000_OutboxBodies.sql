-- Outbox bodies in their own table (EF entity splitting of OutboxMessage), so the status row that
-- the delivery worker updates (claim, sent, failed) is small: SQLite rewrites a whole record on
-- UPDATE. The table is as `dev schema-script` prints it; the existing rows' bodies are copied
-- before the columns are dropped. ("OutboxMessages"."Id" keeps its AUTOINCREMENT from the initial
-- script, which the split model no longer prints: ids are still never reused.)
CREATE TABLE "OutboxBodies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OutboxBodies" PRIMARY KEY,
    "TextBody" TEXT NOT NULL,
    "HtmlBody" TEXT NULL,
    "HeadersJson" TEXT NULL,
    "AttachmentsJson" TEXT NULL,
    CONSTRAINT "FK_OutboxBodies_OutboxMessages_Id" FOREIGN KEY ("Id") REFERENCES "OutboxMessages" ("Id") ON DELETE CASCADE
);

INSERT INTO "OutboxBodies" ("Id", "TextBody", "HtmlBody", "HeadersJson", "AttachmentsJson")
SELECT "Id", "TextBody", "HtmlBody", "HeadersJson", "AttachmentsJson" FROM "OutboxMessages";

ALTER TABLE "OutboxMessages" DROP COLUMN "TextBody";
ALTER TABLE "OutboxMessages" DROP COLUMN "HtmlBody";
ALTER TABLE "OutboxMessages" DROP COLUMN "HeadersJson";
ALTER TABLE "OutboxMessages" DROP COLUMN "AttachmentsJson";
