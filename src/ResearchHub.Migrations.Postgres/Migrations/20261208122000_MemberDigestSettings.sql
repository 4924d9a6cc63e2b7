-- Members' own digest settings across their groups: the time zone their digests follow (null: the site's).
CREATE TABLE "MailingMemberSettings" (
    "UserId" text NOT NULL,
    "TimeZone" character varying(64),
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_MailingMemberSettings" PRIMARY KEY ("UserId"),
    CONSTRAINT "FK_MailingMemberSettings_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);
