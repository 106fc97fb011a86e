-- Search keys carry the week the order was received in, so that one GIN lookup returns only the
-- matches of the weeks asked for: the newest matches of a common word are found without reading
-- every older match, and a rare word still costs one lookup per span of weeks.
--   w:t<token>   a jieba token of title and text (the tokens the order stores)
--   w:b<bigram>  two characters of the folded title and address (fragments of a place)
--   w:p<digits>  the last four digits of the requester's phone
--   w:u<unit>    the street the order lies in and its lead unit: a street's or a department's search
--                asks for its own key too, so the index hands over only the matches it may see
-- w is the number of whole weeks since 1970-01-01 00:00 UTC (an absolute instant, so immutable).
-- Parallel restricted although it could run anywhere: a search reads a few thousand rows, and
-- starting workers for them cost more than they saved (10–100 ms of Gather start-up, measured).
create function search_keys(received timestamptz, tokens text[], place text, phone text, street int, lead int)
returns text[] language plpgsql immutable parallel restricted as $$
declare
  w text := floor(extract(epoch from received) / 604800)::bigint::text || ':';
  s text := search_fold(place);
  d text := regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g');
  out text[] := '{}';
  tok text;
begin
  if tokens is not null then
    foreach tok in array tokens loop
      out := out || (w || 't' || tok);
    end loop;
  end if;
  for i in 1 .. char_length(s) - 1 loop
    out := out || (w || 'b' || substr(s, i, 2));
  end loop;
  if char_length(d) >= 4 then
    out := out || (w || 'p' || right(d, 4));
  end if;
  if street is not null then
    out := out || (w || 'u' || street);
  end if;
  if lead is not null and lead is distinct from street then
    out := out || (w || 'u' || lead);
  end if;
  return out;
end $$;

create index work_orders_search_keys_idx on work_orders
  using gin (search_keys(received_at, tokens, title || ' ' || coalesce(address, ''), requester_phone, street_id, lead_unit_id));

-- What a unit sees other than through its territory or its lead (bits of `via`, migration 0005:
-- district 1, street 2, lead 32, city 128): a street's orders assigned to its communities elsewhere,
-- a department's co-handled ones. Few rows; a scoped search reads them beside the keyed matches.
create index wov_unit_other_idx on work_order_visibility(unit_id, received_at desc, order_id desc) where (via & 163) = 0;

-- Replaced by the keys above; the tokens index stays for the themes' term lookups.
drop index if exists work_orders_place_bigrams_idx;
drop index if exists work_orders_phone_trgm_idx;
