CREATE TABLE "MailingGroups" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MailingGroups" PRIMARY KEY AUTOINCREMENT,
    "Slug" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "JoinPolicy" INTEGER NOT NULL,
    "PostPolicy" INTEGER NOT NULL,
    "ModeratePosts" INTEGER NOT NULL,
    "Topics" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);

CREATE TABLE "MailingJobLeases" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_MailingJobLeases" PRIMARY KEY,
    "Owner" TEXT NULL,
    "LeaseUntil" INTEGER NOT NULL
);

CREATE TABLE "MailingDigests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MailingDigests" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "GroupId" INTEGER NOT NULL,
    "Mode" INTEGER NOT NULL,
    "PeriodStart" INTEGER NOT NULL,
    "WindowStart" INTEGER NOT NULL,
    "WindowEnd" INTEGER NOT NULL,
    "Volume" INTEGER NOT NULL,
    "Issue" INTEGER NOT NULL,
    "Posts" INTEGER NOT NULL,
    "Resources" INTEGER NOT NULL,
    "OutboxDedupKey" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MailingDigests_MailingGroups_GroupId" FOREIGN KEY ("GroupId") REFERENCES "MailingGroups" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_MailingDigests_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MailingGroupMembers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MailingGroupMembers" PRIMARY KEY AUTOINCREMENT,
    "GroupId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "IsModerator" INTEGER NOT NULL,
    "Mode" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "SuspendedAt" INTEGER NULL,
    "BouncesResetAt" INTEGER NULL,
    CONSTRAINT "FK_MailingGroupMembers_MailingGroups_GroupId" FOREIGN KEY ("GroupId") REFERENCES "MailingGroups" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_MailingGroupMembers_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MailingGroupPosts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MailingGroupPosts" PRIMARY KEY AUTOINCREMENT,
    "GroupId" INTEGER NOT NULL,
    "ThreadId" INTEGER NULL,
    "AuthorId" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "PublishedAt" INTEGER NULL,
    CONSTRAINT "FK_MailingGroupPosts_MailingGroupPosts_ThreadId" FOREIGN KEY ("ThreadId") REFERENCES "MailingGroupPosts" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_MailingGroupPosts_MailingGroups_GroupId" FOREIGN KEY ("GroupId") REFERENCES "MailingGroups" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_MailingGroupPosts_Users_AuthorId" FOREIGN KEY ("AuthorId") REFERENCES "Users" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_MailingDigests_GroupId_CreatedAt" ON "MailingDigests" ("GroupId", "CreatedAt");

CREATE UNIQUE INDEX "IX_MailingDigests_UserId_GroupId_Mode_PeriodStart" ON "MailingDigests" ("UserId", "GroupId", "Mode", "PeriodStart");

CREATE UNIQUE INDEX "IX_MailingGroupMembers_GroupId_UserId" ON "MailingGroupMembers" ("GroupId", "UserId");

CREATE INDEX "IX_MailingGroupMembers_UserId" ON "MailingGroupMembers" ("UserId");

CREATE INDEX "IX_MailingGroupPosts_AuthorId" ON "MailingGroupPosts" ("AuthorId");

CREATE INDEX "IX_MailingGroupPosts_GroupId_Status_PublishedAt" ON "MailingGroupPosts" ("GroupId", "Status", "PublishedAt");

CREATE INDEX "IX_MailingGroupPosts_ThreadId" ON "MailingGroupPosts" ("ThreadId");

CREATE UNIQUE INDEX "IX_MailingGroups_Slug" ON "MailingGroups" ("Slug");
