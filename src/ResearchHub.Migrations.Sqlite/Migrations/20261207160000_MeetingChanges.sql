CREATE TABLE "MeetingChanges" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeetingChanges" PRIMARY KEY AUTOINCREMENT,
    "MeetingId" INTEGER NOT NULL,
    "At" INTEGER NOT NULL,
    "ActorUserId" TEXT NULL,
    "ActorName" TEXT NOT NULL,
    "Summary" TEXT NOT NULL,
    CONSTRAINT "FK_MeetingChanges_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_MeetingChanges_MeetingId_At" ON "MeetingChanges" ("MeetingId", "At");
