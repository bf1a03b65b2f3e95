/**
 * Starting the server: health, the OpenAPI document, migrations (idempotent, concurrent,
 * refusing a newer schema) and the production guard against the public demo accounts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app';
import type { ServerConfig } from '../../src/server/config/serverConfig';
import { openPostgres, type Database } from '../../src/server/db/database';
import { knownMigrations, migrate, SchemaTooNewError } from '../../src/server/db/migrate';
import { demoEmails, ensureDemoAccounts } from '../../src/server/seed/demoAccounts';
import { createTestDatabase } from '../support/postgres';
import { backends, openTestDatabase, startTestServer, TestClock, type Backend, type TestServer } from '../support/testServer';

const latest = knownMigrations().at(-1)!.version;

const config = (over: Partial<ServerConfig> = {}): ServerConfig => ({
  port: 0, host: '127.0.0.1', dataDir: mkdtempSync(path.join(tmpdir(), 'sb-startup-')), production: false,
  accessInfoKey: Buffer.alloc(32, 9).toString('base64'), ...over,
});

/** What a migration could touch: the tables and the recorded schema versions. */
async function schemaState(db: Database) {
  const tables = await db.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
  const versions = await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
  return { tables: tables.map((t) => t.name), versions };
}

/** Two handles on one database: two pools on PostgreSQL; PGlite is embedded, so one shared instance. */
async function twoHandles(backend: Backend): Promise<{ a: Database; b: Database; close(): Promise<void> }> {
  if (backend === 'pglite') {
    const db = await openTestDatabase('pglite');
    return { a: db, b: db, close: () => db.close() };
  }
  const url = await createTestDatabase(inject('postgresUrl'));
  const a = await openPostgres(url);
  const b = await openPostgres(url);
  return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
}

describe.each(backends)('startup on %s', (backend) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());

  it('answers GET /health', async () => {
    const res = await s.api('GET', '/health');
    expect(res).toEqual({ status: 200, body: { ok: true, engine: backend } });
  });

  describe('GET /openapi.json', () => {
    let doc: any;
    beforeAll(async () => {
      const res = await s.api('GET', '/openapi.json');
      expect(res.status).toBe(200);
      doc = res.body;
    });
    const pathOf = (url: string) => url.replace(/:(\w+)/g, '{$1}');

    it('is an OpenAPI 3.1 document with bearer auth', () => {
      expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
      expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
      expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    });

    it('documents every route, and nothing that is not a route', () => {
      expect(s.routes.length).toBeGreaterThan(10);
      const documented: string[] = [];
      for (const [p, ops] of Object.entries<Record<string, unknown>>(doc.paths)) for (const m of Object.keys(ops)) documented.push(`${m.toUpperCase()} ${p}`);
      expect(documented.sort()).toEqual(s.routes.map((r) => `${r.method} ${pathOf(r.url)}`).sort());
      for (const r of s.routes) {
        const op = doc.paths[pathOf(r.url)][r.method.toLowerCase()];
        expect(op.summary, `${r.method} ${r.url}`).toBe(r.summary);
        expect(op.responses['200']).toBeDefined();
        expect(op.responses['400']).toBeDefined();
        if (r.access === 'public') expect(op.security).toBeUndefined();
        else expect(op.security).toEqual([{ bearer: [] }]);
      }
    });

    it('documents every path parameter as a required path parameter', () => {
      for (const r of s.routes) {
        const names = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
        const op = doc.paths[pathOf(r.url)][r.method.toLowerCase()];
        const inPath = (op.parameters ?? []).filter((p: { in: string }) => p.in === 'path');
        expect(inPath.map((p: { name: string }) => p.name).sort(), `${r.method} ${r.url}`).toEqual(names.sort());
        for (const p of inPath) expect(p.required).toBe(true);
      }
    });

    it('documents query parameters', () => {
      const op = doc.paths['/api/sync/changes'].get;
      const query = Object.fromEntries(op.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => [p.name, p]));
      expect(Object.keys(query).sort()).toEqual(['clientId', 'cursor', 'limit']);
      expect(query.cursor.required).toBe(true);
      expect(query.limit.required).toBe(false);
      expect(query.cursor.schema.pattern).toEqual(expect.any(String));
    });

    it('gives the request body schema of every route that takes a body, and none otherwise', () => {
      for (const r of s.routes) {
        const op = doc.paths[pathOf(r.url)][r.method.toLowerCase()];
        if (r.body) {
          expect(op.requestBody?.required, `${r.method} ${r.url}`).toBe(true);
          expect(op.requestBody.content['application/json'].schema, `${r.method} ${r.url}`).toMatchObject({ type: 'object' });
        } else if (r.rawBody) {
          expect(op.requestBody.content['application/octet-stream'].schema, `${r.method} ${r.url}`).toEqual({ type: 'string', format: 'binary' });
        } else expect(op.requestBody, `${r.method} ${r.url}`).toBeUndefined();
      }
    });

    it('describes the create-ticket body from the schema that validates it', () => {
      const schema = doc.paths['/api/customer/tickets'].post.requestBody.content['application/json'].schema;
      expect(schema.required.sort()).toEqual(['body', 'subject', 'type']);
      expect(schema.additionalProperties).toBe(false);
      expect(schema.properties.subject).toMatchObject({ type: 'string', minLength: 1, maxLength: 300 });
      expect(schema.properties.type.enum.sort()).toEqual(['complaint', 'project', 'sales', 'tech']);
      expect(schema.properties.priority).toMatchObject({ default: 'normal' });
      const login = doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema;
      expect(login.required.sort()).toEqual(['email', 'password']);
      const push = doc.paths['/api/sync/push'].post.requestBody.content['application/json'].schema;
      expect(push.properties.mutations).toMatchObject({ type: 'array', maxItems: 500 });
    });
  });

  describe('migrations', () => {
    it('are idempotent: running them again changes nothing and keeps the data', async () => {
      const db = await openTestDatabase(backend);
      try {
        expect(await migrate(db)).toBe(latest);
        const ids = await ensureDemoAccounts(db, Date.now());
        const before = await schemaState(db);
        expect(before.versions.map((v) => v.version)).toEqual(knownMigrations().map((m) => m.version));
        expect(await migrate(db)).toBe(latest);
        expect(await migrate(db)).toBe(latest);
        expect(await schemaState(db)).toEqual(before);
        const [admin] = await db.query<{ id: number }>(`SELECT id FROM users WHERE email = 'admin@example.com'`);
        expect(admin!.id).toBe(ids['admin@example.com']);
      } finally {
        await db.close();
      }
    });

    it('refuse a database whose schema is newer than the code, and leave it untouched', async () => {
      const db = await openTestDatabase(backend);
      try {
        await migrate(db);
        await db.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, $1, 0)', ['999_from_the_future.sql']);
        const before = await schemaState(db);
        const err = await migrate(db).then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(SchemaTooNewError);
        expect((err as Error).message).toContain('version 999');
        expect((err as Error).message).toContain(`(${latest})`);
        expect(await schemaState(db)).toEqual(before);
        // The server refuses to start on it too.
        await expect(startServer(config(), { db, clock: new TestClock(), listen: false })).rejects.toBeInstanceOf(SchemaTooNewError);
        expect(await schemaState(db)).toEqual(before);
      } finally {
        await db.close();
      }
    });

    it('refuse a newer schema before creating anything in an otherwise empty database', async () => {
      const db = await openTestDatabase(backend);
      try {
        await db.exec('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
        await db.query(`INSERT INTO schema_migrations VALUES (999, '999_future.sql', 0)`);
        await expect(migrate(db)).rejects.toBeInstanceOf(SchemaTooNewError);
        expect(await schemaState(db)).toEqual({ tables: ['schema_migrations'], versions: [{ version: 999, name: '999_future.sql' }] });
      } finally {
        await db.close();
      }
    });

    it('roll back a failing migration whole', async () => {
      const db = await openTestDatabase(backend);
      try {
        await migrate(db);
        const before = await schemaState(db);
        const broken = [...knownMigrations(), { version: latest + 1, name: `${latest + 1}_broken.sql`, sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;' }];
        await expect(migrate(db, broken)).rejects.toThrow(/no_such_table/);
        expect(await schemaState(db)).toEqual(before);
      } finally {
        await db.close();
      }
    });

    it('let two servers start at once on one database', async () => {
      const { a, b, close } = await twoHandles(backend);
      const servers: RunningServer[] = [];
      try {
        const started = await Promise.allSettled([
          startServer(config(), { db: a, clock: new TestClock(), listen: false }),
          startServer(config(), { db: b, clock: new TestClock(), listen: false }),
        ]);
        for (const r of started) if (r.status === 'fulfilled') servers.push(r.value);
        expect(started.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok']);
        const state = await schemaState(a);
        expect(state.versions.map((v) => v.version)).toEqual(knownMigrations().map((m) => m.version));
        // One epoch for the database, whichever server made it.
        expect(servers[0]!.ctx.epoch).toBe(servers[1]!.ctx.epoch);
      } finally {
        for (const server of servers) await server.close();
        await close();
      }
    });
  });

  describe('production', () => {
    it('refuses to start while demo accounts exist, naming them', async () => {
      const db = await openTestDatabase(backend);
      try {
        await migrate(db);
        await ensureDemoAccounts(db, Date.now());
        const err = await startServer(config({ production: true }), { db, clock: new TestClock(), listen: false }).then(() => null, (e: unknown) => e as Error);
        expect(err).toBeInstanceOf(Error);
        for (const email of demoEmails) expect(err!.message).toContain(email);
        expect(err!.message).toMatch(/production/);
      } finally {
        await db.close();
      }
    });

    it('refuses even one demo account, whatever the case of its email', async () => {
      const db = await openTestDatabase(backend);
      try {
        await migrate(db);
        await db.query(`INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('Admin@Example.COM', 'Ada', 'staff.admin', 'scrypt$x', 0)`);
        await expect(startServer(config({ production: true }), { db, clock: new TestClock(), listen: false })).rejects.toThrow(/Admin@Example\.COM/);
      } finally {
        await db.close();
      }
    });

    it('starts without demo accounts, and needs an access info key and a payment secret', async () => {
      const db = await openTestDatabase(backend);
      try {
        await migrate(db);
        await db.query(`INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('ops@vendor.example', 'Ops', 'staff.admin', 'scrypt$x', 0)`);
        await expect(startServer(config({ production: true, accessInfoKey: undefined, paymentSecret: 'provider secret' }), { db, clock: new TestClock(), listen: false })).rejects.toThrow(/ACCESS_INFO_KEY/);
        // The fake payment provider (a local secret) is for the demo: production needs the real provider's secret.
        await expect(startServer(config({ production: true }), { db, clock: new TestClock(), listen: false })).rejects.toThrow(/PAYMENT_SECRET/);
        const server = await startServer(config({ production: true, paymentSecret: 'provider secret' }), { db, clock: new TestClock(), listen: false });
        try {
          const res = await server.app.inject({ method: 'GET', url: '/health' });
          expect(res.statusCode).toBe(200);
        } finally {
          await server.close();
        }
      } finally {
        await db.close();
      }
    });

    it('outside production starts with the demo accounts', async () => {
      const res = await s.api('POST', '/api/auth/login', { body: { email: 'admin@example.com', password: 'switchboard' } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });
  });
});
