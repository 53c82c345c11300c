DROP TABLE broadcast_messages;
DROP TABLE broadcasts;
DROP TABLE decisions;
