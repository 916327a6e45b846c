// A run stopped by an app's spent daily budget was stored as failed, and the flow card
// said "Failed" beside "Paused". It is now `paused` (core/contract/sync.ts). Widening the
// CHECK leaves every stored row valid and the file as it is, so the table text is edited
// in place (the migration's `editsSchemaText`, as 0014 did for the trigger). Runs stored
// before stay `failed`: nothing recorded which of them a budget stopped.
export const pausedRunsSchema = `
UPDATE sqlite_master SET sql = replace(sql,
    'CHECK (status IN (''running'', ''succeeded'', ''partial'', ''failed'', ''cancelled''))',
    'CHECK (status IN (''running'', ''succeeded'', ''partial'', ''failed'', ''cancelled'', ''paused''))')
  WHERE type = 'table' AND name = 'runs';
`;
