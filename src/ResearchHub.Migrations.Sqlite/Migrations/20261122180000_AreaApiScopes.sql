-- API token scopes per area (no schema change): tokens made with the global "read" / "write"
-- scopes keep meaning what they meant, spelled as every area's read / write scope.
-- Stored scopes are single-space separated in the order read, write, admin, so padding with
-- spaces and replacing whole words is exact; rows already using area scopes (with ':') are left.
UPDATE "ApiTokens"
SET "Scopes" = TRIM(REPLACE(REPLACE(' ' || "Scopes" || ' ',
    ' read ', ' accounts:read library:read meetings:read codebooks:read search:read '),
    ' write ', ' library:write meetings:write codebooks:write '))
WHERE "Scopes" NOT LIKE '%:%';
