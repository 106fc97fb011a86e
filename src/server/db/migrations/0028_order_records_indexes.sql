-- An order's extensions and exclusions by order: the detail view lists them. Only their pending
-- rows were indexed, so at ten million orders (170 k extensions, 60 k exclusions) every GET of an
-- order scanned both tables whole: about 25 ms of a 28 ms detail.
create index extensions_order_idx on extensions(order_id);
create index exclusions_order_idx on exclusions(order_id);
