-- Embedded ledger only: H2 writes the sequence's state with a commit of its own every CACHE values,
-- a noticeable cost per dispute at a few hundred a second. Dispute codes stay unique; a restart may
-- skip some numbers.
alter sequence dispute_seq cache 1000;
