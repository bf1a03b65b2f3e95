/** `npm run db:types`: rewrites src/server/db/tables.ts from the migrations (see schemaTypes.ts). */
import { writeFileSync } from 'node:fs';
import { openPglite } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { renderTableTypes } from '../src/server/db/schemaTypes';

const db = await openPglite();
await migrate(db);
writeFileSync(new URL('../src/server/db/tables.ts', import.meta.url), await renderTableTypes(db));
await db.close();
console.log('wrote src/server/db/tables.ts');
