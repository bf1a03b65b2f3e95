/**
 * Helpers for the file area tests: raw uploads and downloads through the real HTTP API,
 * licenses set straight in the database (billing's own flows are tested elsewhere), and a
 * look into the blob store.
 */
import { createHash } from 'node:crypto';
import type { LicenseStatus } from '../../src/shared/domain/model';
import type { TestServer } from './testServer';

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Deterministic bytes that do not compress or repeat. */
export function bytes(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let block = Buffer.alloc(0);
  for (let i = 0; i < n; i++) {
    if (i % 32 === 0) block = createHash('sha256').update(`${seed}:${i}`).digest();
    out[i] = block[i % 32]!;
  }
  return out;
}

export async function upload(s: TestServer, token: string, url: string, body: Buffer | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(s.url + url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', ...headers },
    body,
    ...(body instanceof Buffer ? {} : { duplex: 'half' }),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text, headers: res.headers };
}

export async function download(s: TestServer, token: string, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer; headers: Headers; json: () => any }> {
  const res = await fetch(s.url + url, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, body, headers: res.headers, json: () => JSON.parse(body.toString()) };
}

type License = { product: string; kind?: 'main' | 'addon' | 'skin'; status: LicenseStatus; edition?: string };
let keySeq = 0;

/** Replaces the account's licenses (add-ons hang under the first main license given). */
export async function setLicenses(s: TestServer, accountId: number, licenses: License[]): Promise<void> {
  await s.ctx.db.query('UPDATE tickets SET license_id = NULL WHERE account_id = $1', [accountId]);
  await s.ctx.db.query('DELETE FROM licenses WHERE account_id = $1 AND parent_license_id IS NOT NULL', [accountId]);
  await s.ctx.db.query('DELETE FROM licenses WHERE account_id = $1', [accountId]);
  let mainId: number | null = null;
  for (const l of [...licenses].sort((a, b) => ((a.kind ?? 'main') === 'main' ? 0 : 1) - ((b.kind ?? 'main') === 'main' ? 0 : 1))) {
    const kind = l.kind ?? 'main';
    const [row]: Array<{ id: number }> = await s.ctx.db.query<{ id: number }>(
      `INSERT INTO licenses (key, product, kind, edition, account_id, parent_license_id, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0) RETURNING id`,
      [`TEST-${accountId}-${++keySeq}`, l.product, kind, l.edition ?? 'Gold', accountId, kind === 'main' ? null : mainId, l.status],
    );
    if (kind === 'main') mainId ??= row!.id;
  }
}

/** Every blob of the server's store (disk or PostgreSQL) by its sha256, and one `pending` entry per unfinished write. */
export async function blobFiles(s: TestServer): Promise<string[]> {
  const { stored, pending } = await s.ctx.blobs.inventory();
  return [...stored, ...Array.from({ length: pending }, () => 'pending')];
}
