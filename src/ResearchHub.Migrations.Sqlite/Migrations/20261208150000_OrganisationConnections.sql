-- Organisations connected to their own OpenID Connect provider ("Sign in with ..."): issuer, client id,
-- the client secret sealed with the data-protection key ring, the e-mail domains vouched for, and
-- whether members must use it. Members' links to a provider's subject are Identity's UserLogins.
CREATE TABLE "OrganisationConnections" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OrganisationConnections" PRIMARY KEY AUTOINCREMENT,
    "OrganisationId" INTEGER NOT NULL,
    "Key" TEXT NOT NULL,
    "Issuer" TEXT NOT NULL,
    "ClientId" TEXT NOT NULL,
    "ProtectedClientSecret" TEXT NOT NULL,
    "EmailDomains" TEXT NOT NULL,
    "RequiredForMembers" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_OrganisationConnections_Organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "Organisations" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_OrganisationConnections_Issuer" ON "OrganisationConnections" ("Issuer");
CREATE UNIQUE INDEX "IX_OrganisationConnections_Key" ON "OrganisationConnections" ("Key");
CREATE UNIQUE INDEX "IX_OrganisationConnections_OrganisationId" ON "OrganisationConnections" ("OrganisationId");
