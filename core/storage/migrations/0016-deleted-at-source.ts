// Records deleted at the source (issue 11): a run counts them, and a flow says whether
// their records in the target are left alone (the default) or removed as well.
export const deletedAtSourceSchema = `
ALTER TABLE runs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flows ADD COLUMN deleted_at_source TEXT NOT NULL DEFAULT 'leave'
  CHECK (deleted_at_source IN ('leave', 'remove'));
`;

// "Find a record" learns a fifth outcome, 4 deleted at the source. Widening a CHECK
// leaves every stored row valid, so the table text is edited in place as 0014 does
// (https://www.sqlite.org/lang_altertable.html#otheralter), not rebuilt.
export const deletedOutcomeSchema = `
UPDATE sqlite_master SET sql = replace(sql, 'CHECK (outcome BETWEEN 0 AND 3)', 'CHECK (outcome BETWEEN 0 AND 4)')
  WHERE type = 'table' AND name = 'record_outcomes';
`;
