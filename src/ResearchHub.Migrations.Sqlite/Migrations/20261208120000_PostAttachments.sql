-- Files attached to mailing-group posts (on the site or by email): metadata here, bytes in the file store.
CREATE TABLE "MailingGroupAttachments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MailingGroupAttachments" PRIMARY KEY AUTOINCREMENT,
    "PostId" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MailingGroupAttachments_MailingGroupPosts_PostId" FOREIGN KEY ("PostId") REFERENCES "MailingGroupPosts" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_MailingGroupAttachments_PostId" ON "MailingGroupAttachments" ("PostId");
