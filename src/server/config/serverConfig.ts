/** The server's configuration, from the environment, checked once at start. */
import path from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  production: boolean;
  /** 32-byte key for access info (AES-256-GCM): ACCESS_INFO_KEY (base64) or ACCESS_INFO_KEY_FILE. */
  accessInfoKey?: string;
  accessInfoKeyFile?: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    production: env.NODE_ENV === 'production',
    accessInfoKey: env.ACCESS_INFO_KEY || undefined,
    accessInfoKeyFile: env.ACCESS_INFO_KEY_FILE || undefined,
  };
}
