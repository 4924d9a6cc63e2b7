-- The Library module's tables: generated with `dev schema-script --provider Sqlite`, Library statements only.

CREATE TABLE "LibraryEvaluationQuestions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LibraryEvaluationQuestions" PRIMARY KEY AUTOINCREMENT,
    "Key" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "Description" TEXT NULL,
    "Order" INTEGER NOT NULL
);

CREATE TABLE "LibraryVocabularyTerms" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LibraryVocabularyTerms" PRIMARY KEY AUTOINCREMENT,
    "Vocabulary" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "Label" TEXT NOT NULL,
    "Description" TEXT NULL,
    "Order" INTEGER NOT NULL,
    "Retired" INTEGER NOT NULL
);

CREATE TABLE "LibraryResources" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LibraryResources" PRIMARY KEY AUTOINCREMENT,
    "Slug" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Summary" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "OwnerOrganisationId" INTEGER NULL,
    "Visibility" INTEGER NOT NULL,
    "PublicationDate" TEXT NULL,
    "PeriodStart" TEXT NULL,
    "PeriodEnd" TEXT NULL,
    "Licence" TEXT NULL,
    "ExternalUrl" TEXT NULL,
    "Doi" TEXT NULL,
    "Language" TEXT NOT NULL,
    "EvaluationStatus" INTEGER NULL,
    "KeyFindings" TEXT NULL,
    "Publisher" TEXT NULL,
    "SupersededById" INTEGER NULL,
    "CreatedById" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "PublishedAt" INTEGER NULL,
    "VersionCount" INTEGER NOT NULL,
    CONSTRAINT "FK_LibraryResources_LibraryResources_SupersededById" FOREIGN KEY ("SupersededById") REFERENCES "LibraryResources" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_LibraryResources_Organisations_OwnerOrganisationId" FOREIGN KEY ("OwnerOrganisationId") REFERENCES "Organisations" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "LibraryFiles" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LibraryFiles" PRIMARY KEY AUTOINCREMENT,
    "ResourceId" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "UploadedAt" INTEGER NOT NULL,
    "UploadedById" TEXT NULL,
    "ExtractionState" INTEGER NOT NULL,
    "ExtractedText" TEXT NULL,
    "ExtractionError" TEXT NULL,
    "ExtractionAttempts" INTEGER NOT NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseUntil" INTEGER NULL,
    "ExtractedAt" INTEGER NULL,
    CONSTRAINT "FK_LibraryFiles_LibraryResources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "LibraryResources" ("Id") ON DELETE CASCADE
);

CREATE TABLE "LibraryResourceAuthors" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LibraryResourceAuthors" PRIMARY KEY AUTOINCREMENT,
    "ResourceId" INTEGER NOT NULL,
    "Position" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Orcid" TEXT NULL,
    CONSTRAINT "FK_LibraryResourceAuthors_LibraryResources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "LibraryResources" ("Id") ON DELETE CASCADE
);

CREATE TABLE "LibraryResourceEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LibraryResourceEvents" PRIMARY KEY AUTOINCREMENT,
    "ResourceId" INTEGER NOT NULL,
    "At" INTEGER NOT NULL,
    "ActorId" TEXT NULL,
    "ActorName" TEXT NULL,
    "Action" TEXT NOT NULL,
    "Detail" TEXT NULL,
    CONSTRAINT "FK_LibraryResourceEvents_LibraryResources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "LibraryResources" ("Id") ON DELETE CASCADE
);

CREATE TABLE "LibraryResourceOrganisations" (
    "ResourceId" INTEGER NOT NULL,
    "OrganisationId" INTEGER NOT NULL,
    CONSTRAINT "PK_LibraryResourceOrganisations" PRIMARY KEY ("ResourceId", "OrganisationId"),
    CONSTRAINT "FK_LibraryResourceOrganisations_LibraryResources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "LibraryResources" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_LibraryResourceOrganisations_Organisations_OrganisationId" FOREIGN KEY ("OrganisationId") REFERENCES "Organisations" ("Id") ON DELETE CASCADE
);

CREATE TABLE "LibraryResourceQuestions" (
    "ResourceId" INTEGER NOT NULL,
    "QuestionId" INTEGER NOT NULL,
    CONSTRAINT "PK_LibraryResourceQuestions" PRIMARY KEY ("ResourceId", "QuestionId"),
    CONSTRAINT "FK_LibraryResourceQuestions_LibraryEvaluationQuestions_QuestionId" FOREIGN KEY ("QuestionId") REFERENCES "LibraryEvaluationQuestions" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_LibraryResourceQuestions_LibraryResources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "LibraryResources" ("Id") ON DELETE CASCADE
);

CREATE TABLE "LibraryResourceTerms" (
    "ResourceId" INTEGER NOT NULL,
    "TermId" INTEGER NOT NULL,
    CONSTRAINT "PK_LibraryResourceTerms" PRIMARY KEY ("ResourceId", "TermId"),
    CONSTRAINT "FK_LibraryResourceTerms_LibraryResources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "LibraryResources" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_LibraryResourceTerms_LibraryVocabularyTerms_TermId" FOREIGN KEY ("TermId") REFERENCES "LibraryVocabularyTerms" ("Id") ON DELETE CASCADE
);

CREATE TABLE "LibraryResourceVersions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LibraryResourceVersions" PRIMARY KEY AUTOINCREMENT,
    "ResourceId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedById" TEXT NULL,
    "CreatedByName" TEXT NULL,
    "SnapshotJson" TEXT NOT NULL,
    CONSTRAINT "FK_LibraryResourceVersions_LibraryResources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "LibraryResources" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_LibraryEvaluationQuestions_Key" ON "LibraryEvaluationQuestions" ("Key");

CREATE INDEX "IX_LibraryFiles_ExtractionState_LeaseUntil" ON "LibraryFiles" ("ExtractionState", "LeaseUntil");

CREATE INDEX "IX_LibraryFiles_ResourceId" ON "LibraryFiles" ("ResourceId");

CREATE INDEX "IX_LibraryFiles_Sha256" ON "LibraryFiles" ("Sha256");

CREATE INDEX "IX_LibraryResourceAuthors_ResourceId_Position" ON "LibraryResourceAuthors" ("ResourceId", "Position");

CREATE INDEX "IX_LibraryResourceEvents_ResourceId_At" ON "LibraryResourceEvents" ("ResourceId", "At");

CREATE INDEX "IX_LibraryResourceOrganisations_OrganisationId" ON "LibraryResourceOrganisations" ("OrganisationId");

CREATE INDEX "IX_LibraryResourceQuestions_QuestionId" ON "LibraryResourceQuestions" ("QuestionId");

CREATE INDEX "IX_LibraryResources_Kind_PublishedAt" ON "LibraryResources" ("Kind", "PublishedAt");

CREATE INDEX "IX_LibraryResources_OwnerOrganisationId_Visibility" ON "LibraryResources" ("OwnerOrganisationId", "Visibility");

CREATE UNIQUE INDEX "IX_LibraryResources_Slug" ON "LibraryResources" ("Slug");

CREATE INDEX "IX_LibraryResources_SupersededById" ON "LibraryResources" ("SupersededById");

CREATE INDEX "IX_LibraryResources_Visibility_PublishedAt" ON "LibraryResources" ("Visibility", "PublishedAt");

CREATE INDEX "IX_LibraryResourceTerms_TermId" ON "LibraryResourceTerms" ("TermId");

CREATE UNIQUE INDEX "IX_LibraryResourceVersions_ResourceId_Number" ON "LibraryResourceVersions" ("ResourceId", "Number");

CREATE UNIQUE INDEX "IX_LibraryVocabularyTerms_Vocabulary_Key" ON "LibraryVocabularyTerms" ("Vocabulary", "Key");
