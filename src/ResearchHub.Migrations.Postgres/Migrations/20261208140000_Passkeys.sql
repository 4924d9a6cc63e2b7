-- Members' passkeys, as ASP.NET Core Identity's schema version 3 keeps them: the WebAuthn credential
-- id (at most 1023 bytes) as the key, the member, and the rest (public key, signature counter,
-- name, flags, creation time) as one JSON document.
CREATE TABLE "UserPasskeys" (
    "CredentialId" bytea NOT NULL,
    "UserId" text NOT NULL,
    "Data" jsonb NOT NULL,
    CONSTRAINT "PK_UserPasskeys" PRIMARY KEY ("CredentialId"),
    CONSTRAINT "FK_UserPasskeys_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_UserPasskeys_UserId" ON "UserPasskeys" ("UserId");
