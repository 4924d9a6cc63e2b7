-- When a pre-meeting questionnaire stops taking answers (null: until an organiser closes it).
ALTER TABLE "Questionnaires" ADD "ClosesAt" INTEGER NULL;
