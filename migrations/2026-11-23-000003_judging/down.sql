DROP TABLE assignments;
DROP TABLE conflicts;
