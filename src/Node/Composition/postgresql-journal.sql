-- The tables of Akka.Persistence.Sql (1.5.73, TagMode.TagTable) for the messages' journal and for sharding's
-- bookkeeping, as the plugin's own auto-initialisation creates them on PostgreSQL, plus the indexes the gateway's
-- queries need. Run by every starting node under one advisory lock, so it must stay idempotent.

CREATE TABLE IF NOT EXISTS journal (
    ordering bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT "PK_journal" PRIMARY KEY,
    created bigint NOT NULL,
    deleted boolean NOT NULL,
    persistence_id text NOT NULL,
    sequence_number bigint NOT NULL,
    message bytea NOT NULL,
    manifest text,
    identifier integer,
    writer_uuid text,
    CONSTRAINT journal_uq UNIQUE (persistence_id, sequence_number)
);
CREATE INDEX IF NOT EXISTS journal_created_idx ON journal (created);
CREATE INDEX IF NOT EXISTS journal_sequence_number_idx ON journal (sequence_number);

CREATE TABLE IF NOT EXISTS tags (
    ordering_id bigint NOT NULL,
    tag text NOT NULL,
    sequence_nr bigint NOT NULL,
    persistence_id text NOT NULL,
    CONSTRAINT "PK_tags" PRIMARY KEY (ordering_id, tag)
);
CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON tags (persistence_id, sequence_nr);
-- eventsByTag asks "tag = ? AND ordering_id > ? ORDER BY ordering_id": the plugin's index on tag alone makes
-- every poll read and sort all rows of the tag, a cost that grows with the journal.
CREATE INDEX IF NOT EXISTS tags_tag_ordering_idx ON tags (tag, ordering_id);

CREATE TABLE IF NOT EXISTS snapshot (
    persistence_id text NOT NULL,
    sequence_number bigint NOT NULL,
    created bigint NOT NULL,
    snapshot bytea,
    manifest text,
    serializer_id integer,
    CONSTRAINT "PK_snapshot" PRIMARY KEY (persistence_id, sequence_number)
);
CREATE INDEX IF NOT EXISTS snapshot_created_idx ON snapshot (created);
CREATE INDEX IF NOT EXISTS snapshot_sequence_number_idx ON snapshot (sequence_number);

CREATE TABLE IF NOT EXISTS sharding_journal (
    ordering bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT "PK_sharding_journal" PRIMARY KEY,
    created bigint NOT NULL,
    deleted boolean NOT NULL,
    persistence_id text NOT NULL,
    sequence_number bigint NOT NULL,
    message bytea NOT NULL,
    manifest text,
    identifier integer,
    writer_uuid text,
    CONSTRAINT sharding_journal_uq UNIQUE (persistence_id, sequence_number)
);
CREATE INDEX IF NOT EXISTS sharding_journal_created_idx ON sharding_journal (created);
CREATE INDEX IF NOT EXISTS sharding_journal_sequence_number_idx ON sharding_journal (sequence_number);

CREATE TABLE IF NOT EXISTS sharding_tags (
    ordering_id bigint NOT NULL,
    tag text NOT NULL,
    sequence_nr bigint NOT NULL,
    persistence_id text NOT NULL,
    CONSTRAINT "PK_sharding_tags" PRIMARY KEY (ordering_id, tag)
);
CREATE INDEX IF NOT EXISTS sharding_tags_persistence_id_sequence_nr_idx ON sharding_tags (persistence_id, sequence_nr);
CREATE INDEX IF NOT EXISTS sharding_tags_tag_ordering_idx ON sharding_tags (tag, ordering_id);

CREATE TABLE IF NOT EXISTS sharding_snapshot (
    persistence_id text NOT NULL,
    sequence_number bigint NOT NULL,
    created bigint NOT NULL,
    snapshot bytea,
    manifest text,
    serializer_id integer,
    CONSTRAINT "PK_sharding_snapshot" PRIMARY KEY (persistence_id, sequence_number)
);
CREATE INDEX IF NOT EXISTS sharding_snapshot_created_idx ON sharding_snapshot (created);
CREATE INDEX IF NOT EXISTS sharding_snapshot_sequence_number_idx ON sharding_snapshot (sequence_number);
