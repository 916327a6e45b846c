// Records deleted at the source (issue 11): a run counts them, and a flow says whether
// their records in the target are left alone (the default) or removed as well.
export const deletedAtSourceSchema = `
ALTER TABLE runs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE flows ADD COLUMN deleted_at_source TEXT NOT NULL DEFAULT 'leave'
  CHECK (deleted_at_source IN ('leave', 'remove'));
`;

// The fifth outcome, 4 deleted at the source, needs no schema change: outcomes are
// bytes in spans (0016-outcome-spans.ts), with no CHECK on their values.
