-- Members' own digest settings across their groups: the time zone their digests follow (null: the site's)
-- and one combined digest (0: none, each group on its own; else the frequency, as DeliveryMode).
CREATE TABLE "MailingMemberSettings" (
    "UserId" TEXT NOT NULL CONSTRAINT "PK_MailingMemberSettings" PRIMARY KEY,
    "TimeZone" TEXT NULL,
    "Combined" INTEGER NOT NULL DEFAULT 0,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MailingMemberSettings_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);
