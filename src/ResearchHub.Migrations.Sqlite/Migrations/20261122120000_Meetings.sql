CREATE TABLE "MeetingCalendarFeeds" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeetingCalendarFeeds" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "RevokedAt" INTEGER NULL
);

CREATE TABLE "MeetingJobLeases" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_MeetingJobLeases" PRIMARY KEY,
    "Owner" TEXT NULL,
    "LeaseUntil" INTEGER NOT NULL
);

CREATE TABLE "MeetingPeople" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeetingPeople" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Affiliation" TEXT NULL,
    "BiographyMarkdown" TEXT NOT NULL,
    "UserId" TEXT NULL
);

CREATE TABLE "MeetingSeries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeetingSeries" PRIMARY KEY AUTOINCREMENT,
    "Slug" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "DescriptionMarkdown" TEXT NOT NULL,
    "CadenceMonths" INTEGER NOT NULL,
    "OrganiserUserId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL
);

CREATE TABLE "Meetings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Meetings" PRIMARY KEY AUTOINCREMENT,
    "SeriesId" INTEGER NULL,
    "Uid" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "DescriptionMarkdown" TEXT NOT NULL,
    "StartUtc" INTEGER NOT NULL,
    "EndUtc" INTEGER NOT NULL,
    "TimeZoneId" TEXT NOT NULL,
    "Venue" TEXT NULL,
    "OnlineUrl" TEXT NULL,
    "Capacity" INTEGER NULL,
    "Visibility" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "OrganiserUserId" TEXT NULL,
    "RegistrationVersion" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Meetings_MeetingSeries_SeriesId" FOREIGN KEY ("SeriesId") REFERENCES "MeetingSeries" ("Id") ON DELETE SET NULL
);

CREATE TABLE "AgendaSessions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AgendaSessions" PRIMARY KEY AUTOINCREMENT,
    "MeetingId" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Order" INTEGER NOT NULL,
    CONSTRAINT "FK_AgendaSessions_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "DatePolls" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DatePolls" PRIMARY KEY AUTOINCREMENT,
    "Title" TEXT NOT NULL,
    "DescriptionMarkdown" TEXT NOT NULL,
    "SeriesId" INTEGER NULL,
    "MeetingId" INTEGER NULL,
    "HideParticipants" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "ChosenSlotId" INTEGER NULL,
    "CreatedByUserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ClosedAt" INTEGER NULL,
    CONSTRAINT "FK_DatePolls_MeetingSeries_SeriesId" FOREIGN KEY ("SeriesId") REFERENCES "MeetingSeries" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_DatePolls_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE SET NULL
);

CREATE TABLE "MeetingInvitations" (
    "MeetingId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "InvitedAt" INTEGER NOT NULL,
    CONSTRAINT "PK_MeetingInvitations" PRIMARY KEY ("MeetingId", "UserId"),
    CONSTRAINT "FK_MeetingInvitations_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingLogEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeetingLogEntries" PRIMARY KEY AUTOINCREMENT,
    "MeetingId" INTEGER NOT NULL,
    "SeriesId" INTEGER NULL,
    "Kind" INTEGER NOT NULL,
    "Issue" TEXT NOT NULL,
    "Level" INTEGER NULL,
    "Owner" INTEGER NULL,
    "Status" INTEGER NOT NULL,
    "Countermeasure" TEXT NULL,
    "SystemChange" TEXT NULL,
    "DueOn" TEXT NULL,
    "Order" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ClosedAt" INTEGER NULL,
    CONSTRAINT "FK_MeetingLogEntries_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingRegistrations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeetingRegistrations" PRIMARY KEY AUTOINCREMENT,
    "MeetingId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "Response" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "AccessNeeds" TEXT NULL,
    "DietaryNeeds" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "QueuedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MeetingRegistrations_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingReports" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeetingReports" PRIMARY KEY AUTOINCREMENT,
    "MeetingId" INTEGER NOT NULL,
    "BodyMarkdown" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "ReviewClosesAt" INTEGER NULL,
    "PublishedAt" INTEGER NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MeetingReports_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingRoles" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeetingRoles" PRIMARY KEY AUTOINCREMENT,
    "MeetingId" INTEGER NOT NULL,
    "PersonId" INTEGER NOT NULL,
    "Role" INTEGER NOT NULL,
    "Order" INTEGER NOT NULL,
    CONSTRAINT "FK_MeetingRoles_MeetingPeople_PersonId" FOREIGN KEY ("PersonId") REFERENCES "MeetingPeople" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_MeetingRoles_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MinutesRevisions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MinutesRevisions" PRIMARY KEY AUTOINCREMENT,
    "MeetingId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "BodyMarkdown" TEXT NOT NULL,
    "Note" TEXT NULL,
    "AuthorUserId" TEXT NULL,
    "AuthorName" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MinutesRevisions_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Questionnaires" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Questionnaires" PRIMARY KEY AUTOINCREMENT,
    "MeetingId" INTEGER NOT NULL,
    "IntroMarkdown" TEXT NOT NULL,
    "IsOpen" INTEGER NOT NULL,
    CONSTRAINT "FK_Questionnaires_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AgendaItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AgendaItems" PRIMARY KEY AUTOINCREMENT,
    "MeetingId" INTEGER NOT NULL,
    "SessionId" INTEGER NULL,
    "StartUtc" INTEGER NOT NULL,
    "DurationMinutes" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Notes" TEXT NULL,
    CONSTRAINT "FK_AgendaItems_AgendaSessions_SessionId" FOREIGN KEY ("SessionId") REFERENCES "AgendaSessions" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_AgendaItems_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PollInvitees" (
    "PollId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_PollInvitees" PRIMARY KEY ("PollId", "UserId"),
    CONSTRAINT "FK_PollInvitees_DatePolls_PollId" FOREIGN KEY ("PollId") REFERENCES "DatePolls" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PollResponses" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PollResponses" PRIMARY KEY AUTOINCREMENT,
    "PollId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "Comment" TEXT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_PollResponses_DatePolls_PollId" FOREIGN KEY ("PollId") REFERENCES "DatePolls" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PollSlots" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PollSlots" PRIMARY KEY AUTOINCREMENT,
    "PollId" INTEGER NOT NULL,
    "StartUtc" INTEGER NOT NULL,
    "DurationMinutes" INTEGER NOT NULL,
    "TimeZoneId" TEXT NOT NULL,
    CONSTRAINT "FK_PollSlots_DatePolls_PollId" FOREIGN KEY ("PollId") REFERENCES "DatePolls" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingReportComments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeetingReportComments" PRIMARY KEY AUTOINCREMENT,
    "ReportId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    "AuthorName" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MeetingReportComments_MeetingReports_ReportId" FOREIGN KEY ("ReportId") REFERENCES "MeetingReports" ("Id") ON DELETE CASCADE
);

CREATE TABLE "QuestionnaireQuestions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_QuestionnaireQuestions" PRIMARY KEY AUTOINCREMENT,
    "QuestionnaireId" INTEGER NOT NULL,
    "Order" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    CONSTRAINT "FK_QuestionnaireQuestions_Questionnaires_QuestionnaireId" FOREIGN KEY ("QuestionnaireId") REFERENCES "Questionnaires" ("Id") ON DELETE CASCADE
);

-- WITHOUT ROWID: rows are stored in key order, not insertion order, so a response's place on disk
-- cannot be matched with its respondent's (questionnaire anonymity).
CREATE TABLE "QuestionnaireRespondents" (
    "QuestionnaireId" INTEGER NOT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_QuestionnaireRespondents" PRIMARY KEY ("QuestionnaireId", "UserId"),
    CONSTRAINT "FK_QuestionnaireRespondents_Questionnaires_QuestionnaireId" FOREIGN KEY ("QuestionnaireId") REFERENCES "Questionnaires" ("Id") ON DELETE CASCADE
) WITHOUT ROWID;

-- WITHOUT ROWID: rows are stored in key order, not insertion order, so a response's place on disk
-- cannot be matched with its respondent's (questionnaire anonymity).
CREATE TABLE "QuestionnaireResponses" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_QuestionnaireResponses" PRIMARY KEY,
    "QuestionnaireId" INTEGER NOT NULL,
    CONSTRAINT "FK_QuestionnaireResponses_Questionnaires_QuestionnaireId" FOREIGN KEY ("QuestionnaireId") REFERENCES "Questionnaires" ("Id") ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE "AgendaItemSpeakers" (
    "AgendaItemId" INTEGER NOT NULL,
    "PersonId" INTEGER NOT NULL,
    "Order" INTEGER NOT NULL,
    CONSTRAINT "PK_AgendaItemSpeakers" PRIMARY KEY ("AgendaItemId", "PersonId"),
    CONSTRAINT "FK_AgendaItemSpeakers_AgendaItems_AgendaItemId" FOREIGN KEY ("AgendaItemId") REFERENCES "AgendaItems" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AgendaItemSpeakers_MeetingPeople_PersonId" FOREIGN KEY ("PersonId") REFERENCES "MeetingPeople" ("Id") ON DELETE CASCADE
);

CREATE TABLE "MeetingDocuments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeetingDocuments" PRIMARY KEY AUTOINCREMENT,
    "MeetingId" INTEGER NOT NULL,
    "AgendaItemId" INTEGER NULL,
    "Title" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_MeetingDocuments_AgendaItems_AgendaItemId" FOREIGN KEY ("AgendaItemId") REFERENCES "AgendaItems" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_MeetingDocuments_Meetings_MeetingId" FOREIGN KEY ("MeetingId") REFERENCES "Meetings" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PollAnswers" (
    "ResponseId" INTEGER NOT NULL,
    "SlotId" INTEGER NOT NULL,
    "Choice" INTEGER NOT NULL,
    CONSTRAINT "PK_PollAnswers" PRIMARY KEY ("ResponseId", "SlotId"),
    CONSTRAINT "FK_PollAnswers_PollResponses_ResponseId" FOREIGN KEY ("ResponseId") REFERENCES "PollResponses" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_PollAnswers_PollSlots_SlotId" FOREIGN KEY ("SlotId") REFERENCES "PollSlots" ("Id") ON DELETE RESTRICT
);

-- WITHOUT ROWID: rows are stored in key order, not insertion order, so a response's place on disk
-- cannot be matched with its respondent's (questionnaire anonymity).
CREATE TABLE "QuestionnaireAnswers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_QuestionnaireAnswers" PRIMARY KEY,
    "ResponseId" TEXT NOT NULL,
    "QuestionId" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    "Theme" TEXT NULL,
    CONSTRAINT "FK_QuestionnaireAnswers_QuestionnaireQuestions_QuestionId" FOREIGN KEY ("QuestionId") REFERENCES "QuestionnaireQuestions" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_QuestionnaireAnswers_QuestionnaireResponses_ResponseId" FOREIGN KEY ("ResponseId") REFERENCES "QuestionnaireResponses" ("Id") ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX "IX_AgendaItems_MeetingId_StartUtc" ON "AgendaItems" ("MeetingId", "StartUtc");

CREATE INDEX "IX_AgendaItems_SessionId" ON "AgendaItems" ("SessionId");

CREATE INDEX "IX_AgendaItemSpeakers_PersonId" ON "AgendaItemSpeakers" ("PersonId");

CREATE INDEX "IX_AgendaSessions_MeetingId" ON "AgendaSessions" ("MeetingId");

CREATE INDEX "IX_DatePolls_MeetingId" ON "DatePolls" ("MeetingId");

CREATE INDEX "IX_DatePolls_SeriesId" ON "DatePolls" ("SeriesId");

CREATE UNIQUE INDEX "IX_MeetingCalendarFeeds_TokenHash" ON "MeetingCalendarFeeds" ("TokenHash");

CREATE INDEX "IX_MeetingCalendarFeeds_UserId" ON "MeetingCalendarFeeds" ("UserId");

CREATE INDEX "IX_MeetingDocuments_AgendaItemId" ON "MeetingDocuments" ("AgendaItemId");

CREATE INDEX "IX_MeetingDocuments_MeetingId" ON "MeetingDocuments" ("MeetingId");

CREATE INDEX "IX_MeetingLogEntries_MeetingId" ON "MeetingLogEntries" ("MeetingId");

CREATE INDEX "IX_MeetingLogEntries_SeriesId_Status" ON "MeetingLogEntries" ("SeriesId", "Status");

CREATE INDEX "IX_MeetingPeople_Name" ON "MeetingPeople" ("Name");

CREATE UNIQUE INDEX "IX_MeetingRegistrations_MeetingId_UserId" ON "MeetingRegistrations" ("MeetingId", "UserId");

CREATE INDEX "IX_MeetingReportComments_ReportId" ON "MeetingReportComments" ("ReportId");

CREATE UNIQUE INDEX "IX_MeetingReports_MeetingId" ON "MeetingReports" ("MeetingId");

CREATE UNIQUE INDEX "IX_MeetingRoles_MeetingId_PersonId_Role" ON "MeetingRoles" ("MeetingId", "PersonId", "Role");

CREATE INDEX "IX_MeetingRoles_PersonId" ON "MeetingRoles" ("PersonId");

CREATE INDEX "IX_Meetings_SeriesId" ON "Meetings" ("SeriesId");

CREATE INDEX "IX_Meetings_StartUtc" ON "Meetings" ("StartUtc");

CREATE UNIQUE INDEX "IX_Meetings_Uid" ON "Meetings" ("Uid");

CREATE UNIQUE INDEX "IX_MeetingSeries_Slug" ON "MeetingSeries" ("Slug");

CREATE UNIQUE INDEX "IX_MinutesRevisions_MeetingId_Number" ON "MinutesRevisions" ("MeetingId", "Number");

CREATE INDEX "IX_PollAnswers_SlotId" ON "PollAnswers" ("SlotId");

CREATE UNIQUE INDEX "IX_PollResponses_PollId_UserId" ON "PollResponses" ("PollId", "UserId");

CREATE INDEX "IX_PollSlots_PollId" ON "PollSlots" ("PollId");

CREATE INDEX "IX_QuestionnaireAnswers_QuestionId" ON "QuestionnaireAnswers" ("QuestionId");

CREATE INDEX "IX_QuestionnaireAnswers_ResponseId" ON "QuestionnaireAnswers" ("ResponseId");

CREATE INDEX "IX_QuestionnaireQuestions_QuestionnaireId" ON "QuestionnaireQuestions" ("QuestionnaireId");

CREATE INDEX "IX_QuestionnaireResponses_QuestionnaireId" ON "QuestionnaireResponses" ("QuestionnaireId");

CREATE UNIQUE INDEX "IX_Questionnaires_MeetingId" ON "Questionnaires" ("MeetingId");

