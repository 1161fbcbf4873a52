-- The file line each standard address came from. The embedded ledger loads a file without the
-- primary key (jurisdiction.standard.AddressImport: the key is built once at the end by sorting,
-- instead of row by row in random order), so a code that is on two lines is found only then: the
-- line numbers tell which one came first and which are rejected, as a load with the key does.
alter table std_address add column line_no bigint;
