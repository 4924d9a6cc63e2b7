-- Outbox bodies in their own table (EF entity splitting of OutboxMessage), so the status row that
-- the delivery worker updates (claim, sent, failed) is small. The table is as `dev schema-script`
-- prints it; the existing rows' bodies are copied before the columns are dropped.
CREATE TABLE "OutboxBodies" (
    "Id" bigint NOT NULL,
    "TextBody" text NOT NULL,
    "HtmlBody" text,
    "HeadersJson" text,
    "AttachmentsJson" text,
    CONSTRAINT "PK_OutboxBodies" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_OutboxBodies_OutboxMessages_Id" FOREIGN KEY ("Id") REFERENCES "OutboxMessages" ("Id") ON DELETE CASCADE
);

INSERT INTO "OutboxBodies" ("Id", "TextBody", "HtmlBody", "HeadersJson", "AttachmentsJson")
SELECT "Id", "TextBody", "HtmlBody", "HeadersJson", "AttachmentsJson" FROM "OutboxMessages";

ALTER TABLE "OutboxMessages" DROP COLUMN "TextBody", DROP COLUMN "HtmlBody", DROP COLUMN "HeadersJson", DROP COLUMN "AttachmentsJson";
