#!/usr/bin/env bash
# Regenerates the Initial migration's SQL for both providers from the current EF model.
# Only while the Initial migration has not shipped; afterwards add a new migration instead: run
# `dotnet run --project src/ResearchHub.Web -- dev schema-script --provider X`, copy the statements
# of the new tables and columns into Migrations/<timestamp>_<Name>.sql, and add its class.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/ResearchHub.Web -v q -nologo >/dev/null
for provider in Sqlite Postgres; do
  out="src/ResearchHub.Migrations.$provider/Migrations/20261122000000_Initial.sql"
  dotnet run --no-build --project src/ResearchHub.Web -- dev schema-script --provider "$provider" > "$out.tmp"
  mv "$out.tmp" "$out"
  echo "wrote $out ($(grep -c 'CREATE' "$out") CREATE statements)"
done
