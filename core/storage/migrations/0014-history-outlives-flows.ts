// Deleting a flow erased its runs and failures (ON DELETE CASCADE), and SQLite then gave
// the next run a number already shown for a deleted one (issue 14). History now outlives
// its flow: the constraint is taken off runs and failures, the flow's name is kept in
// deleted_flows, and run numbers come from a counter that only grows. The trigger CHECK
// learns who started a run (command line, the control centre, the demo's first start,
// a file landing in a watched folder).
//
// Dropping a constraint does not change what is on disk, so the table text is edited
// in place, as https://www.sqlite.org/lang_altertable.html#otheralter describes for
// "removing CHECK or FOREIGN KEY constraints", instead of rebuilding two tables: a
// rebuild would copy a fixed list of columns and lose any a later migration adds.
// openDatabase runs this with the schema writable, bumps schema_version and checks
// integrity before it commits (the migration's `editsSchemaText`).
// Schedules with seconds are refused from now on (issue 14), and saved ones lose them.
export const historyOutlivesFlowsSchema = `
UPDATE sqlite_master SET sql = replace(sql, ' REFERENCES flows (id) ON DELETE CASCADE', '')
  WHERE type = 'table' AND name IN ('runs', 'failures');
UPDATE sqlite_master SET sql = replace(sql,
    'CHECK (trigger IN (''schedule'', ''manual'', ''retry'', ''catch-up''))',
    'CHECK (trigger IN (''schedule'', ''manual'', ''retry'', ''catch-up'', ''cli'', ''ui'', ''first-start'', ''file-change''))')
  WHERE type = 'table' AND name = 'runs';

CREATE TABLE deleted_flows (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  deleted_at TEXT NOT NULL
);

CREATE TABLE run_numbers (
  last INTEGER NOT NULL
);
INSERT INTO run_numbers (last) SELECT COALESCE(MAX(id), 0) FROM runs;

-- A flow runs at most once a minute now: a saved cron with a seconds field (6 fields)
-- loses that field, so "*/1 * * * * *" becomes "* * * * *" and "0 0 8 * * 1-5" keeps
-- its meaning, "0 8 * * 1-5".
UPDATE flows SET schedule = substr(trim(schedule), instr(trim(schedule), ' ') + 1)
  WHERE schedule IS NOT NULL
    AND length(trim(schedule)) - length(replace(trim(schedule), ' ', '')) = 5;
`;
