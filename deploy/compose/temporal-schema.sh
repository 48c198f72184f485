#!/bin/sh
# Creates Temporal's two databases in its PostgreSQL and brings their schemas to the version that
# this temporalio/admin-tools image ships. Idempotent: docker-compose.yml runs it on every `up`, and
# after an image upgrade it applies the new schema versions before the new server starts.
#
#   POSTGRES_SEEDS, DB_PORT, POSTGRES_USER  where Temporal's PostgreSQL is, and as whom
#   SQL_PASSWORD                            that user's password (temporal-sql-tool reads it)
set -eu

: "${POSTGRES_SEEDS:?set POSTGRES_SEEDS to the PostgreSQL host}"
: "${POSTGRES_USER:?set POSTGRES_USER}"
: "${SQL_PASSWORD:?set SQL_PASSWORD}"
schemas=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" -u "$POSTGRES_USER" "$@"
}

for database in temporal temporal_visibility; do
  # Fails when the database exists; setup-schema below fails loudly if it really is missing.
  sql_tool --db "$database" create || echo "database $database already exists"
done

sql_tool --db temporal setup-schema -v 0.0
sql_tool --db temporal update-schema -d "$schemas/temporal/versioned"
sql_tool --db temporal_visibility setup-schema -v 0.0
sql_tool --db temporal_visibility update-schema -d "$schemas/visibility/versioned"
echo "Temporal schemas are up to date"
