// Failures are handed to a person (issue 14, item 15: "assign and note"), and the Failures
// view filters by that person; a record corrected by hand keeps the corrected values
// (item 13), so a second try starts from them; the audit log is read by date, filtered, exported and
// pruned with the run history, so it needs an index on its date.
export const failureAssigneesSchema = `
ALTER TABLE failures ADD COLUMN assignee TEXT;
ALTER TABLE failures ADD COLUMN edited_values TEXT;
CREATE INDEX failures_by_assignee ON failures (assignee, state, id);
CREATE INDEX audit_by_at ON audit (at);
`;
