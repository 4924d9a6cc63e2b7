-- Search on PostgreSQL: each document's facet keys on its row, counted in the same pass as the
-- matches, and facet values by key. Written by hand (outside the EF model).
ALTER TABLE "SearchDocuments" ADD "FacetKeys" bigint[] NOT NULL DEFAULT '{}';

CREATE TABLE "SearchFacetValues" (
    "Key" bigint NOT NULL,
    "Facet" character varying(20) NOT NULL,
    "Value" character varying(300) NOT NULL,
    CONSTRAINT "PK_SearchFacetValues" PRIMARY KEY ("Key")
);

-- Emptied so that the start-up task rebuilds every document with its keys.
DELETE FROM "SearchFacets";
DELETE FROM "SearchDocuments";
DELETE FROM "SearchState" WHERE "Name" = 'LastRebuild';
