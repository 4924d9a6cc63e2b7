-- Server-side session records behind the sign-in cookie (issue 13): a cookie is honoured only while
-- its row exists and neither its absolute end nor its idle limit has passed. Cookies issued before
-- this migration carry no session and are refused: members sign in again once.
CREATE TABLE "MemberSessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_MemberSessions" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "LastSeenAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MemberSessions_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_MemberSessions_UserId" ON "MemberSessions" ("UserId");
