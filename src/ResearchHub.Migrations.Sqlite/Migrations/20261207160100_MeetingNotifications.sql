CREATE TABLE "MeetingNotificationOptOuts" (
    "UserId" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "At" INTEGER NOT NULL,
    CONSTRAINT "PK_MeetingNotificationOptOuts" PRIMARY KEY ("UserId", "Kind")
);

ALTER TABLE "DatePolls" ADD "AnswerBy" TEXT NULL;
