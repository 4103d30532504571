-- Time-ordered ids (UUID version 7, RFC 9562: 48 bits of Unix milliseconds, then random bits), the
-- default of new rows' ids from migration 0035 on. A B-tree on random ids (version 4) takes each insert on
-- a random leaf page; time-ordered ids go to the right-hand edge, which is what a billing run's hundreds of
-- thousands of invoices, journal lines and mails per minute need. PostgreSQL 18 has uuidv7(); this
-- function does the same on older servers and PGlite.
CREATE OR REPLACE FUNCTION pactum_uuid7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(
      set_bit(
        overlay(uuid_send(gen_random_uuid())
          PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
          FROM 1 FOR 6),
        52, 1),
      53, 1),
    'hex')::uuid
$$;
