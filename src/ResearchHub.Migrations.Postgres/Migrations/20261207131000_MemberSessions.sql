-- Server-side session records behind the sign-in cookie (issue 13): a cookie is honoured only while
-- its row exists and neither its absolute end nor its idle limit has passed. Cookies issued before
-- this migration carry no session and are refused: members sign in again once.
CREATE TABLE "MemberSessions" (
    "Id" character varying(32) NOT NULL,
    "UserId" text NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "LastSeenAt" timestamp with time zone NOT NULL,
    "ExpiresAt" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_MemberSessions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_MemberSessions_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_MemberSessions_UserId" ON "MemberSessions" ("UserId");
