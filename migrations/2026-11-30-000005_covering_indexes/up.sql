-- The organisers' lists and the results read a few columns of every
-- nomination and review of a cycle. These indexes hold those columns, so the
-- database answers from the index alone instead of visiting each wide row.
DROP INDEX nominations_category;
CREATE INDEX nominations_category ON nominations (category_id, status, nominee_name, reference, number, id);
DROP INDEX assignments_cycle;
CREATE INDEX assignments_cycle ON assignments (cycle_id, status, nomination_id, judge_id, weighted_score);
