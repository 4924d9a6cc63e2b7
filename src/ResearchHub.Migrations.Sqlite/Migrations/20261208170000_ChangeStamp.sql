-- The database's change stamp: one row whose value goes up after every committed write to content
-- (ChangeStampInterceptor). Every node's output cache keys anonymous pages on it, so a change shows
-- at once on every node.
CREATE TABLE "ChangeStamp" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ChangeStamp" PRIMARY KEY,
    "Value" INTEGER NOT NULL
);

INSERT INTO "ChangeStamp" ("Id", "Value") VALUES (1, 0);
