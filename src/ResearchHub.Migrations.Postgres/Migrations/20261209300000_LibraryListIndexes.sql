-- The library list's default order, newest first: the very expression ResourceQueries.Sorted orders by
-- (COALESCE(PublishedAt, CreatedAt), then Id). With the visibility in front, a list of one visibility
-- (anonymous visitors: public) reads the index backwards and stops after a page instead of sorting every
-- visible resource; without it, a list with no condition (administrators) does the same.
CREATE INDEX "IX_LibraryResources_Visibility_Newest" ON "LibraryResources" ("Visibility", (COALESCE("PublishedAt", "CreatedAt")), "Id");
CREATE INDEX "IX_LibraryResources_Newest" ON "LibraryResources" ((COALESCE("PublishedAt", "CreatedAt")), "Id");

-- Everything the visibility rule, the total and the kind / organisation / year facets read: those
-- queries scan this index (a few bytes a row) instead of the rows with their bodies.
CREATE INDEX "IX_LibraryResources_Listing" ON "LibraryResources" ("Visibility", "OwnerOrganisationId", "CreatedById", "Kind", "PublicationDate", "PeriodEnd");
