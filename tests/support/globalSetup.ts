// Vitest globalSetup: one PostgreSQL server for the whole run. Test files get
// its admin URL via inject('postgresUrl') and create their own databases
// (createTestDatabase) so files running in parallel never share state.
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test server (database `postgres`). */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  // An externally managed server (e.g. a CI service container) skips the local cluster.
  const external = process.env.SWITCHBOARD_TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return;
  }
  // Throws with an `apt-get install postgresql` hint when the binaries are missing.
  const cluster = await startPostgres();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
