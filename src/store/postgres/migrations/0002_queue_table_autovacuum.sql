-- The inbox and the outbox are queue tables: every row is updated two or three times within seconds of its
-- insert and then left alone. With the default thresholds (20 % of the table dead before a vacuum, 10 %
-- changed before an analyze) a backfill of a million events left 1.4 million dead event versions and
-- 0.8 million dead outbox versions unvacuumed and unanalyzed, and claims read them from disk. Vacuum and
-- analyze them after 1 % instead.
ALTER TABLE events SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.01);
ALTER TABLE deliveries SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.01);
