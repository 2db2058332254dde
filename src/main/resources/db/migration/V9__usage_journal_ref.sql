-- The record's line in DATA_DIR/usage-records.journal (a name the gateway gives, never the client):
-- a start after kill -9 inserts the journalled records whose line name is not here yet. Null for
-- records written before the journal, and for records that could not be journalled.
alter table usage_record add column journal_ref varchar(40);
create index usage_record_journal_ref on usage_record (journal_ref);
