CREATE TABLE "Codebooks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Codebooks" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "OwnerOrganisationId" INTEGER NULL,
    "Licence" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "Visibility" INTEGER NOT NULL,
    "LibraryResourceId" INTEGER NULL,
    "Origin" TEXT NULL,
    "CreatedById" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "VersionCount" INTEGER NOT NULL,
    CONSTRAINT "FK_Codebooks_LibraryResources_LibraryResourceId" FOREIGN KEY ("LibraryResourceId") REFERENCES "LibraryResources" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Codebooks_Organisations_OwnerOrganisationId" FOREIGN KEY ("OwnerOrganisationId") REFERENCES "Organisations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CodebookCodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CodebookCodes" PRIMARY KEY AUTOINCREMENT,
    "CodebookId" INTEGER NOT NULL,
    "Guid" TEXT NOT NULL,
    "ParentId" INTEGER NULL,
    "Position" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Definition" TEXT NOT NULL,
    "WhenToUse" TEXT NOT NULL,
    "WhenNotToUse" TEXT NOT NULL,
    "Example" TEXT NOT NULL,
    "Color" TEXT NULL,
    "IsCodable" INTEGER NOT NULL,
    CONSTRAINT "FK_CodebookCodes_CodebookCodes_ParentId" FOREIGN KEY ("ParentId") REFERENCES "CodebookCodes" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_CodebookCodes_Codebooks_CodebookId" FOREIGN KEY ("CodebookId") REFERENCES "Codebooks" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CodebookCrosswalks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CodebookCrosswalks" PRIMARY KEY AUTOINCREMENT,
    "FromCodebookId" INTEGER NOT NULL,
    "ToCodebookId" INTEGER NOT NULL,
    "Note" TEXT NOT NULL,
    "CreatedById" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_CodebookCrosswalks_Codebooks_FromCodebookId" FOREIGN KEY ("FromCodebookId") REFERENCES "Codebooks" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CodebookCrosswalks_Codebooks_ToCodebookId" FOREIGN KEY ("ToCodebookId") REFERENCES "Codebooks" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CodebookExcerpts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CodebookExcerpts" PRIMARY KEY AUTOINCREMENT,
    "CodebookId" INTEGER NOT NULL,
    "OrganisationId" INTEGER NOT NULL,
    "ExternalId" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "Visibility" INTEGER NOT NULL,
    "CodedOn" TEXT NOT NULL,
    "CreatedById" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_CodebookExcerpts_Codebooks_CodebookId" FOREIGN KEY ("CodebookId") REFERENCES "Codebooks" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CodebookExcerpts_Organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "Organisations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CodebookSets" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CodebookSets" PRIMARY KEY AUTOINCREMENT,
    "CodebookId" INTEGER NOT NULL,
    "Guid" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    CONSTRAINT "FK_CodebookSets_Codebooks_CodebookId" FOREIGN KEY ("CodebookId") REFERENCES "Codebooks" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CodebookVersions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CodebookVersions" PRIMARY KEY AUTOINCREMENT,
    "CodebookId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "SnapshotJson" TEXT NOT NULL,
    "CreatedById" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_CodebookVersions_Codebooks_CodebookId" FOREIGN KEY ("CodebookId") REFERENCES "Codebooks" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CodebookCrosswalkMappings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CodebookCrosswalkMappings" PRIMARY KEY AUTOINCREMENT,
    "CrosswalkId" INTEGER NOT NULL,
    "FromCodeGuid" TEXT NOT NULL,
    "ToCodeGuid" TEXT NOT NULL,
    "Relation" INTEGER NOT NULL,
    "Note" TEXT NOT NULL,
    CONSTRAINT "FK_CodebookCrosswalkMappings_CodebookCrosswalks_CrosswalkId" FOREIGN KEY ("CrosswalkId") REFERENCES "CodebookCrosswalks" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CodebookExcerptCodes" (
    "ExcerptId" INTEGER NOT NULL,
    "CodeGuid" TEXT NOT NULL,
    CONSTRAINT "PK_CodebookExcerptCodes" PRIMARY KEY ("ExcerptId", "CodeGuid"),
    CONSTRAINT "FK_CodebookExcerptCodes_CodebookExcerpts_ExcerptId" FOREIGN KEY ("ExcerptId") REFERENCES "CodebookExcerpts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CodebookSetMembers" (
    "CodeSetId" INTEGER NOT NULL,
    "CodeId" INTEGER NOT NULL,
    CONSTRAINT "PK_CodebookSetMembers" PRIMARY KEY ("CodeSetId", "CodeId"),
    CONSTRAINT "FK_CodebookSetMembers_CodebookCodes_CodeId" FOREIGN KEY ("CodeId") REFERENCES "CodebookCodes" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_CodebookSetMembers_CodebookSets_CodeSetId" FOREIGN KEY ("CodeSetId") REFERENCES "CodebookSets" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_CodebookCodes_CodebookId_Guid" ON "CodebookCodes" ("CodebookId", "Guid");

CREATE INDEX "IX_CodebookCodes_ParentId" ON "CodebookCodes" ("ParentId");

CREATE UNIQUE INDEX "IX_CodebookCrosswalkMappings_CrosswalkId_FromCodeGuid_ToCodeGuid" ON "CodebookCrosswalkMappings" ("CrosswalkId", "FromCodeGuid", "ToCodeGuid");

CREATE UNIQUE INDEX "IX_CodebookCrosswalks_FromCodebookId_ToCodebookId" ON "CodebookCrosswalks" ("FromCodebookId", "ToCodebookId");

CREATE INDEX "IX_CodebookCrosswalks_ToCodebookId" ON "CodebookCrosswalks" ("ToCodebookId");

CREATE INDEX "IX_CodebookExcerptCodes_CodeGuid" ON "CodebookExcerptCodes" ("CodeGuid");

CREATE UNIQUE INDEX "IX_CodebookExcerpts_CodebookId_OrganisationId_ExternalId" ON "CodebookExcerpts" ("CodebookId", "OrganisationId", "ExternalId");

CREATE INDEX "IX_CodebookExcerpts_OrganisationId" ON "CodebookExcerpts" ("OrganisationId");

CREATE INDEX "IX_Codebooks_LibraryResourceId" ON "Codebooks" ("LibraryResourceId");

CREATE INDEX "IX_Codebooks_OwnerOrganisationId_Visibility" ON "Codebooks" ("OwnerOrganisationId", "Visibility");

CREATE INDEX "IX_CodebookSetMembers_CodeId" ON "CodebookSetMembers" ("CodeId");

CREATE UNIQUE INDEX "IX_CodebookSets_CodebookId_Guid" ON "CodebookSets" ("CodebookId", "Guid");

CREATE UNIQUE INDEX "IX_CodebookVersions_CodebookId_Number" ON "CodebookVersions" ("CodebookId", "Number");
