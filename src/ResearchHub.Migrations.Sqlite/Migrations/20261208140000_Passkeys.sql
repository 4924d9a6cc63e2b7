-- Members' passkeys, as ASP.NET Core Identity's schema version 3 keeps them: the WebAuthn credential
-- id (at most 1023 bytes) as the key, the member, and the rest (public key, signature counter,
-- name, flags, creation time) as one JSON document.
CREATE TABLE "UserPasskeys" (
    "CredentialId" BLOB NOT NULL CONSTRAINT "PK_UserPasskeys" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Data" TEXT NOT NULL,
    CONSTRAINT "FK_UserPasskeys_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_UserPasskeys_UserId" ON "UserPasskeys" ("UserId");
