/** Which blob store a server process opens: the disk one or the database one (kept apart so neither store's module imports the other). */
import type { Database } from '../db/database';
import { blobDir, DiskBlobStore, type BlobStore, type BlobStoreKind } from './blobStore';
import { DatabaseBlobStore } from './databaseBlobStore';

/**
 * The store the configuration asks for (BLOB_STORE), else the one beside the database: in
 * PostgreSQL when the server runs on PostgreSQL (any number of processes share it), on disk
 * for the embedded database (one process per DATA_DIR anyway).
 */
export function blobStoreKind(config: { blobStore?: BlobStoreKind }, db: Pick<Database, 'engine'>): BlobStoreKind {
  return config.blobStore ?? (db.engine === 'postgres' ? 'database' : 'disk');
}

export function openBlobStore(config: { dataDir: string; blobStore?: BlobStoreKind }, db: Database): BlobStore {
  return blobStoreKind(config, db) === 'database' ? new DatabaseBlobStore(db) : new DiskBlobStore(blobDir(config));
}
