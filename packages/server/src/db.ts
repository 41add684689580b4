import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** Anything that runs SQL with `$1…` parameters (the database or an open transaction). */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The one SQL layer: the same SQL runs on embedded PGlite and on PostgreSQL.
 * `transaction` commits when `fn` resolves and rolls back when it throws.
 */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Embedded PGlite: in memory when `dataDir` is absent, else persisted in that directory.
 * `template` is a data directory dump (`dumpDataDir`) to start from instead of running initdb.
 */
export async function openPglite(dataDir?: string, template?: Blob | File): Promise<Db> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite(template ? { loadDataDir: template } : {});
  await db.waitReady;
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return db.transaction(async (tx) =>
        fn({
          async query<R>(sql: string, params: readonly unknown[] = []) {
            const result = await tx.query<R>(sql, params as unknown[]);
            return result.rows;
          },
          async exec(sql: string) {
            await tx.exec(sql);
          },
        }),
      );
    },
    async close() {
      await db.close();
    },
    dump: () => db.dumpDataDir('none'),
  } as Db & { dump(): Promise<Blob | File> };
}

/** PostgreSQL through a `pg` connection pool. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  const client = await pool.connect();
  client.release();
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(sql, params as unknown[]);
      return result.rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const value = await fn({
          async query<R>(sql: string, params: readonly unknown[] = []) {
            const result = await conn.query(sql, params as unknown[]);
            return result.rows as R[];
          },
          async exec(sql: string) {
            await conn.query(sql);
          },
        });
        await conn.query('COMMIT');
        return value;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        conn.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export function openDb(options: {
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
}): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, { max: options.poolSize });
  return openPglite(options.dataDir);
}
