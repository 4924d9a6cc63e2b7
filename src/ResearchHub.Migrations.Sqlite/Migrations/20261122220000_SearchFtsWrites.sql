-- Search on SQLite: the FTS5 entry of an inserted or updated document is written by the search
-- index with the row (a trigger made FTS5 write every document as a segment of its own; see
-- SqliteSearchIndex.WriteAsync). Deletes keep their trigger. Written by hand (outside the EF model).
DROP TRIGGER "SearchDocuments_ai";
DROP TRIGGER "SearchDocuments_au";
