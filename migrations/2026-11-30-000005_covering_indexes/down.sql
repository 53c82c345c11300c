DROP INDEX assignments_cycle;
CREATE INDEX assignments_cycle ON assignments (cycle_id, status);
DROP INDEX nominations_category;
CREATE INDEX nominations_category ON nominations (category_id, status);
