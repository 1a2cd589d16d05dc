-- Three indexes no statement reads, each written for every row ingest
-- stores. Linking a message's people to the arrival's travellers
-- (core/store/mstore.c) reads the arrival's records once and joins them by
-- hash, so neither the name nor the booking index serves it; a PNR's
-- resend finds the records it replaces among the arrival's current ones
-- (person_current); documents are always read by their person
-- (person_document_pkey), never by number. The hour of bench-day on a copy
-- of its day: the server's share of ingest 5.2 to 5.8 s without them where
-- 6.6 to 7.8 with (BENCHMARKS.md).
DROP INDEX vborder.person_name;
DROP INDEX vborder.person_booking;
DROP INDEX vborder.person_document_number;
