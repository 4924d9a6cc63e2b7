-- The Federation module's tables: generated with `dev schema-script --provider Sqlite`, Federation statements only.

CREATE TABLE "FederationHarvestSources" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FederationHarvestSources" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "BaseUrl" TEXT NOT NULL,
    "MetadataPrefix" TEXT NOT NULL,
    "SetSpec" TEXT NULL,
    "IntervalHours" INTEGER NOT NULL,
    "Enabled" INTEGER NOT NULL,
    "LastDatestamp" TEXT NULL,
    "NextRunAt" INTEGER NULL,
    "LastRunAt" INTEGER NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseUntil" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL
);

CREATE TABLE "FederationTombstones" (
    "ResourceId" INTEGER NOT NULL CONSTRAINT "PK_FederationTombstones" PRIMARY KEY,
    "Kind" INTEGER NOT NULL,
    "OwnerOrganisationId" INTEGER NULL,
    "DeletedAt" INTEGER NOT NULL
);

CREATE TABLE "FederationHarvestRuns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FederationHarvestRuns" PRIMARY KEY AUTOINCREMENT,
    "SourceId" INTEGER NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "FinishedAt" INTEGER NULL,
    "Pages" INTEGER NOT NULL,
    "Added" INTEGER NOT NULL,
    "Updated" INTEGER NOT NULL,
    "Deleted" INTEGER NOT NULL,
    "Unchanged" INTEGER NOT NULL,
    "Skipped" INTEGER NOT NULL,
    "Succeeded" INTEGER NOT NULL,
    "Error" TEXT NULL,
    CONSTRAINT "FK_FederationHarvestRuns_FederationHarvestSources_SourceId" FOREIGN KEY ("SourceId") REFERENCES "FederationHarvestSources" ("Id") ON DELETE CASCADE
);

CREATE TABLE "FederationHarvestedRecords" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FederationHarvestedRecords" PRIMARY KEY AUTOINCREMENT,
    "SourceId" INTEGER NOT NULL,
    "OaiIdentifier" TEXT NOT NULL,
    "ResourceId" INTEGER NULL,
    "Datestamp" TEXT NOT NULL,
    "Deleted" INTEGER NOT NULL,
    "OwnsResource" INTEGER NOT NULL,
    CONSTRAINT "FK_FederationHarvestedRecords_FederationHarvestSources_SourceId" FOREIGN KEY ("SourceId") REFERENCES "FederationHarvestSources" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_FederationHarvestedRecords_LibraryResources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "LibraryResources" ("Id") ON DELETE SET NULL
);

CREATE INDEX "IX_FederationHarvestedRecords_ResourceId" ON "FederationHarvestedRecords" ("ResourceId");

CREATE UNIQUE INDEX "IX_FederationHarvestedRecords_SourceId_OaiIdentifier" ON "FederationHarvestedRecords" ("SourceId", "OaiIdentifier");

CREATE INDEX "IX_FederationHarvestRuns_SourceId_StartedAt" ON "FederationHarvestRuns" ("SourceId", "StartedAt");

CREATE INDEX "IX_FederationHarvestSources_NextRunAt" ON "FederationHarvestSources" ("NextRunAt");

CREATE INDEX "IX_FederationTombstones_DeletedAt_ResourceId" ON "FederationTombstones" ("DeletedAt", "ResourceId");
