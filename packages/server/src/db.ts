import { createHash } from 'node:crypto';
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

/** Distinct statement texts that get a name; past it, statements run unnamed (a bound on server memory). */
export const MAX_NAMED_STATEMENTS = 500;

/**
 * Names for prepared statements, derived from their text: each connection parses and plans a
 * statement once and afterwards only binds and executes it (issue 12: about 40 % less
 * PostgreSQL CPU per verify than unnamed statements). A name is a hash of the text, so one name
 * never stands for two texts. Every statement here takes its values as `$n` parameters, so the
 * texts are a fixed set; the cap only guards against a caller that builds texts from data.
 */
export function statementNamer(max = MAX_NAMED_STATEMENTS): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (name === undefined && names.size < max) {
      name = `qb_${createHash('sha1').update(text).digest('base64url')}`;
      names.set(text, name);
    }
    return name;
  };
}

/** PostgreSQL through a `pg` connection pool; every parameterised statement is a named (prepared) one. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  const client = await pool.connect();
  client.release();
  const nameOf = statementNamer();
  const config = (text: string, params: readonly unknown[]): pg.QueryConfig => {
    const name = nameOf(text);
    return name
      ? { name, text, values: params as unknown[] }
      : { text, values: params as unknown[] };
  };
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(config(sql, params));
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
            const result = await conn.query(config(sql, params));
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
