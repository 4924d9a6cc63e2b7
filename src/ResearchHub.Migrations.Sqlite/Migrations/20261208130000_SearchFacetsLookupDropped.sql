-- Facet filters and counts run on each node's Lucene index (doc values and exact terms); the
-- database reads facet rows only by document (the primary key's first column) when the index is
-- built or follows the change log. The lookup by facet value served the database's own searches,
-- which are gone, and cost every document write a second index entry per facet value.
DROP INDEX IF EXISTS "IX_SearchFacets_Facet_ValueKey";
