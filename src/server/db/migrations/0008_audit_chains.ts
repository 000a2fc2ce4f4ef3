import { sql, type Kysely } from 'kysely';

// The audit log as several hash chains (decision 0009). One chain serialized every audited write
// of the whole system on one row lock held until commit, which capped audited transactions at the
// commit rate of a single writer. Now a writer takes a free chain (SELECT … FOR UPDATE SKIP LOCKED)
// and keeps it for its transaction. Each chain is gapless in `chain_seq` and linked by hashes, so
// a deleted, altered or inserted row is still named; `seq` (from a sequence) orders events across
// chains for reading and may skip numbers after a rollback. Existing rows become chain 1 as they are.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_head drop constraint audit_head_single;
    alter table audit_head add constraint audit_head_chain_check check (id between 1 and 64);
    insert into audit_head (id, last_seq, last_hash) select g, 0, repeat('0', 64) from generate_series(2, 8) g;

    alter table audit_event add column chain smallint;
    alter table audit_event add column chain_seq bigint;
    -- The append-only triggers guard the log against everyone else; this one-time numbering of
    -- existing rows is the only update they ever see.
    alter table audit_event disable trigger audit_event_no_update;
    update audit_event set chain = 1, chain_seq = seq;
    alter table audit_event enable trigger audit_event_no_update;
    alter table audit_event alter column chain set not null, alter column chain_seq set not null;
    create unique index audit_event_chain_idx on audit_event (chain, chain_seq);

    create sequence audit_event_seq owned by audit_event.seq;
    select setval('audit_event_seq', greatest((select coalesce(max(seq), 0) from audit_event), 1), (select count(*) > 0 from audit_event));
  `.execute(db);
}
