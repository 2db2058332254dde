-- What the provider reported beyond the two token totals: prompt tokens read from its prompt cache
-- (priced at the cached-input price) and completion tokens spent reasoning (already counted in
-- completion_tokens). Older records and providers that say nothing keep 0.
alter table usage_record add column cached_prompt_tokens integer default 0 not null;
alter table usage_record add column reasoning_tokens integer default 0 not null;
