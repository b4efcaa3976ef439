-- Realtime: the two tables a data layer subscribes to with postgres_changes (README "Live data"):
--   schedule_sessions    the provider's own session rows as deltas (filter provider_id=eq.<uid>; RLS: own rows);
--   data_change_notices  "revalidate this school" for every other change (event INSERT, same filter).
-- Supabase creates the supabase_realtime publication in every project; a plain PostgreSQL gets an empty one here,
-- so the migration applies anywhere. Adding a table that is already published is skipped (re-runnable).
do $$
declare
  v_table text;
begin
  if not exists (select 1 from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
  foreach v_table in array array['schedule_sessions', 'data_change_notices'] loop
    if not exists (select 1 from pg_catalog.pg_publication_tables t
                   where t.pubname = 'supabase_realtime' and t.schemaname = 'public' and t.tablename = v_table) then
      execute format('alter publication supabase_realtime add table public.%I', v_table);
    end if;
  end loop;
end
$$;
