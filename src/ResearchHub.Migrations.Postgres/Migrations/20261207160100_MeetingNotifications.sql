CREATE TABLE "MeetingNotificationOptOuts" (
    "UserId" character varying(450) NOT NULL,
    "Kind" integer NOT NULL,
    "At" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_MeetingNotificationOptOuts" PRIMARY KEY ("UserId", "Kind")
);

ALTER TABLE "DatePolls" ADD "AnswerBy" date;
