-- When a post was last changed by its author or a moderator (shown as "edited" in the thread).
ALTER TABLE "MailingGroupPosts" ADD "EditedAt" INTEGER NULL;
