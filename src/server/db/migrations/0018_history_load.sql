-- A bulk history load drops the secondary indexes of the tables it fills and builds them again
-- once the rows are in (far cheaper than keeping them up to date row by row). Their definitions
-- wait here meanwhile, so a load that dies half-way leaves a record from which the next load (or
-- `shaobao generate --restore-indexes`) rebuilds them.
create table history_load_indexes (
  name text primary key,
  definition text not null,
  dropped_at timestamptz not null default now()
);
