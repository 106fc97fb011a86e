-- Every intake writes one entry into each index of work_orders. Three of them are a leading prefix
-- of another index on the same table, which answers every query they answered (an equality or range
-- on the leading column, min/max, the order by it) and the foreign-key checks on that column:
--   work_orders_received_idx  (received_at desc)   ⊂ work_orders_received_id_idx   (received_at desc, id desc)
--   work_orders_street_idx    (street_id)          ⊂ work_orders_street_time_idx   (street_id, received_at desc)
--   work_orders_requester_idx (requester_user_id)  ⊂ work_orders_requester_time_idx (requester_user_id, received_at desc, id desc)
--     where requester_user_id is not null, which `requester_user_id = x` implies.
-- The GIN index on tokens stays: the themes' effect reads it (tokens && terms).
drop index if exists work_orders_received_idx;
drop index if exists work_orders_street_idx;
drop index if exists work_orders_requester_idx;
