-- Provider request fields that choose models or providers (OpenRouter's models, route, provider,
-- plugins, transforms) that one key may send, beyond the gateway-wide ALLOWED_PROVIDER_OPTIONS.
alter table client_key add column allowed_options varchar(200);
