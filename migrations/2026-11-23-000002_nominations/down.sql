DROP INDEX audit_log_subject;
DROP TABLE nominee_consents;
DROP TABLE nominations;
ALTER TABLE cycles DROP COLUMN last_reference_number;
