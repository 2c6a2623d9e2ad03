#!/usr/bin/env bash
# Runs once, when the postgres data volume is first initialised (the official
# image runs /docker-entrypoint-initdb.d/*.sh only on an empty data directory).
#
# Creates two login roles, neither of them a superuser:
#   temporal   owns the `temporal` and `temporal_visibility` databases
#              (Temporal's default and visibility stores); the
#              temporal-schema job creates their tables as this role;
#   campaigns  owns the `campaigns` database, the application's; the
#              migrations create the schema in it (the ledger's append-only
#              rule is enforced there by triggers).
# Passwords come from the container's environment (see docker-compose.yml).
set -Eeuo pipefail

: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"
: "${CAMPAIGNS_DB_PASSWORD:?CAMPAIGNS_DB_PASSWORD must be set}"
CAMPAIGNS_DB_USER="${CAMPAIGNS_DB_USER:-campaigns}"
CAMPAIGNS_DB_NAME="${CAMPAIGNS_DB_NAME:-campaigns}"

# psql variables (:'x' quotes a literal, :"x" an identifier), so that no value
# is ever spliced into SQL by the shell.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" \
  -v app_user="$CAMPAIGNS_DB_USER" \
  -v app_password="$CAMPAIGNS_DB_PASSWORD" \
  -v app_db="$CAMPAIGNS_DB_NAME" <<'SQL'
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"app_db" OWNER :"app_user";

-- Each role connects to its own databases only.
REVOKE CONNECT ON DATABASE temporal, temporal_visibility FROM PUBLIC;
REVOKE CONNECT ON DATABASE :"app_db" FROM PUBLIC;
SQL
