import { fileURLToPath } from 'node:url';
import { runReadmeExamples } from '@drift/config/readme';
import type pg from 'pg';
import { expect, it } from 'vitest';
import { freshDatabase } from './helpers/db.js';

const url = (c: pg.ClientConfig) =>
  `postgres://${c.user}:${String(c.password)}@${c.host}:${c.port}/${c.database}`;

it('the README example runs and prints what its comments say', async () => {
  const db = await freshDatabase({ migrated: false });
  try {
    process.env.DRIFT_OWNER_URL = url(db.owner);
    process.env.DRIFT_ENGINE_URL = url(db.engine);
    process.env.DRIFT_ENGINE_ROLE = db.engineRole;
    const printed = await runReadmeExamples(fileURLToPath(new URL('..', import.meta.url)));
    expect(printed).toEqual(['1', 'typescript', '0', 'CLOSED']);
  } finally {
    delete process.env.DRIFT_OWNER_URL;
    delete process.env.DRIFT_ENGINE_URL;
    delete process.env.DRIFT_ENGINE_ROLE;
    await db.drop();
  }
});
