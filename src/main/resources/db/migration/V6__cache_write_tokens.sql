-- Prompt tokens the provider wrote to its prompt cache (Anthropic's cache_creation_input_tokens),
-- part of prompt_tokens and priced apart (1.25 times input for Anthropic). Older records keep 0.
alter table usage_record add column cache_write_tokens integer default 0 not null;
