-- Members' own digest settings across their groups: the time zone their digests follow (null: the site's).
CREATE TABLE "MailingMemberSettings" (
    "UserId" TEXT NOT NULL CONSTRAINT "PK_MailingMemberSettings" PRIMARY KEY,
    "TimeZone" TEXT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MailingMemberSettings_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);
