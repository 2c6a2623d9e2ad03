-- Up Migration

-- The unit-tree browser (GET /campaigns/:id/tree) pages one parent's children
-- by id (keyset: parent_id = $1 AND id > $2 ORDER BY id): one range of this
-- index per page, however many children a committee has. It covers every use
-- of the old single-column units_parent, which it replaces.
CREATE INDEX units_parent_id_keyset ON units (parent_id, id);
DROP INDEX IF EXISTS units_parent;

-- Down Migration
-- Forward-only: a schema change ships as a new migration.
