-- Members' own digest settings across their groups: the time zone their digests follow (null: the site's)
-- and one combined digest (0: none, each group on its own; else the frequency, as DeliveryMode).
CREATE TABLE "MailingMemberSettings" (
    "UserId" text NOT NULL,
    "TimeZone" character varying(64),
    "Combined" integer NOT NULL DEFAULT 0,
    "UpdatedAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_MailingMemberSettings" PRIMARY KEY ("UserId"),
    CONSTRAINT "FK_MailingMemberSettings_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);
