-- Mail read from the inbound mailbox (IMAP), one row per message: the unique key is what makes a
-- message processed once even when several nodes poll the mailbox together.
CREATE TABLE "InboundMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_InboundMessages" PRIMARY KEY AUTOINCREMENT,
    "MessageKey" TEXT NOT NULL,
    "From" TEXT NULL,
    "Subject" TEXT NULL,
    "Outcome" TEXT NOT NULL,
    "ProcessedAt" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "IX_InboundMessages_MessageKey" ON "InboundMessages" ("MessageKey");
