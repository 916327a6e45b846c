// Writes docs/connector-manifest.schema.json from the manifest's zod schema
// (`npm run connector-schema`); a test fails while the file is out of date.
import { writeFileSync } from 'node:fs';
import { manifestJsonSchemaText } from '../core/connectors/manifest/manifest-json-schema.ts';

const file = new URL('../docs/connector-manifest.schema.json', import.meta.url);
writeFileSync(file, manifestJsonSchemaText());
console.log(`Wrote ${file.pathname}`);
