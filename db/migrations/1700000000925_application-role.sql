-- The application's role, campaign_app: what the API and the worker need on
-- every table, except that the ledger is SELECT and INSERT only (no UPDATE,
-- DELETE or TRUNCATE), so that tampering needs a superuser, and the append-only
-- trigger still holds for one. A deployment connects the service as a LOGIN
-- role that is a member of it: CREATE ROLE campaign WITH LOGIN PASSWORD '…' IN ROLE campaign_app.
-- Roles belong to the whole server: many databases on one server share it, and
-- a migrator that may not create roles skips this with a notice.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'campaign_app') THEN
    BEGIN
      CREATE ROLE campaign_app NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL; -- another database's migration made it meanwhile
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'campaign_app not created (the migrating role may not create roles); grant the service''s role the same privileges by hand';
        RETURN;
    END;
  END IF;
  EXECUTE 'GRANT USAGE ON SCHEMA public TO campaign_app';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO campaign_app';
  EXECUTE 'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO campaign_app';
  EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON ledger FROM campaign_app';
  -- Tables of later migrations: the same, and a later migration of a table as
  -- strict as the ledger revokes its own.
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO campaign_app';
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO campaign_app';
END;
$$;
