// Apps named a connector preset in `connector_kind`. Connectors now have kinds (a REST
// API today; files and databases next), so the kind and the catalogue id are two
// columns: every app that had a preset is a REST connector with that id.
export const connectorKindsSchema = `
ALTER TABLE apps ADD COLUMN connector_id TEXT;
UPDATE apps SET connector_id = connector_kind, connector_kind = 'rest' WHERE connector_kind IS NOT NULL;
`;
