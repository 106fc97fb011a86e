-- Timers serve every mechanism: a deadline belongs to a subject (a work order, a whistle's
-- report-in…) named by kind and id, and the sweep hands each due row to the handler of its kind.
alter table deadlines add column subject_kind text not null default 'work_order';
alter table deadlines add column subject_id bigint;
update deadlines set subject_id = order_id;
alter table deadlines alter column order_id drop not null;

-- Work-order code that names only order_id keeps working: the subject follows the order.
create function deadlines_subject_from_order() returns trigger language plpgsql as $$
begin
  if new.subject_id is null and new.subject_kind = 'work_order' then
    new.subject_id := new.order_id;
  end if;
  return new;
end $$;
create trigger deadlines_subject_from_order before insert on deadlines
  for each row execute function deadlines_subject_from_order();

alter table deadlines alter column subject_id set not null;
alter table deadlines add constraint deadlines_work_order_subject
  check (subject_kind <> 'work_order' or order_id = subject_id);

drop index deadlines_pending_idx;
create index deadlines_pending_idx on deadlines(subject_kind, fire_at, id) where fired_at is null and not cancelled;
create index deadlines_subject_idx on deadlines(subject_kind, subject_id);
