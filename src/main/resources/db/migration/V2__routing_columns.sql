-- Routing: the tier that served, why, and every model tried (fallbacks) with its outcome.
alter table usage_record add column tier varchar(16);
alter table usage_record add column route_reason varchar(500);
alter table usage_record add column attempts varchar(1000);

create index usage_record_tier on usage_record (tier, created_at);
