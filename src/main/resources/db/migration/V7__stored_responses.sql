-- Responses API answers kept for previous_response_id, GET and DELETE /v1/responses/{id}: the whole
-- conversation's input items and the Response object (with its output items), as JSON text. Each
-- is visible only to the client key that created it (null: anonymous calls). Rows past expires_at
-- (RESPONSES_RETENTION_DAYS) are never returned and are purged hourly.
create table stored_response (
    id            varchar(64)  primary key,
    client_key_id bigint,
    created_at    timestamp with time zone not null,
    expires_at    timestamp with time zone not null,
    model         varchar(200) not null,
    status        varchar(20)  not null,
    input_items   text         not null,
    response_json text         not null
);

create index stored_response_expires_at on stored_response (expires_at);
