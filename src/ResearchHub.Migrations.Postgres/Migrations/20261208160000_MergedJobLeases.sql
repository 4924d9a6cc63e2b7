-- One lease table for every module's background jobs (Core/Jobs): the rows of the two tables it
-- replaces ("digests" from MailingGroups, "meeting-reminders" from Meetings) are carried over, so
-- a lease held while the site is upgraded is still held afterwards.
CREATE TABLE "JobLeases" (
    "Name" character varying(100) NOT NULL,
    "Owner" character varying(200),
    "LeaseUntil" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_JobLeases" PRIMARY KEY ("Name")
);

INSERT INTO "JobLeases" ("Name", "Owner", "LeaseUntil")
SELECT "Name", "Owner", "LeaseUntil" FROM "MailingJobLeases";

INSERT INTO "JobLeases" ("Name", "Owner", "LeaseUntil")
SELECT "Name", "Owner", "LeaseUntil" FROM "MeetingJobLeases"
WHERE "Name" NOT IN (SELECT "Name" FROM "JobLeases");

DROP TABLE "MailingJobLeases";

DROP TABLE "MeetingJobLeases";
