import { createHash } from 'node:crypto';
import { PGlite, parse, protocol } from '@electric-sql/pglite';
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

const concat = (parts: readonly Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * Named (prepared) statements on PGlite, through its wire protocol: a text is parsed and its
 * parameter types described once (`Parse` + `Describe` under a name); every later run is one
 * call into PostgreSQL — `Bind` + `Describe` + `Execute` + `Sync` in one message — where
 * `PGlite.query` parses, describes and plans again in six (bench/pglite-named.ts: issue 12).
 * The returned function must run inside PGlite's query lock (`runExclusive`); it answers
 * undefined for a text past the cap of names (run it with `query` then).
 */
export function pgliteNamedStatements(db: PGlite, nameOf = statementNamer()) {
  const { serialize } = protocol;
  const prepared = new Map<string, { name: string; types: number[] }>();
  const stream = (message: Uint8Array) => db.execProtocolStream(message, { syncToFs: false });
  return async <T>(text: string, params: readonly unknown[]): Promise<T[] | undefined> => {
    let statement = prepared.get(text);
    if (!statement) {
      const name = nameOf(text);
      if (!name) return undefined;
      const described = await stream(
        concat([
          serialize.parse({ name, text }),
          serialize.describe({ type: 'S', name }),
          serialize.sync(),
        ]),
      );
      const description = described.find((m) => m.name === 'parameterDescription') as
        | { dataTypeIDs: number[] }
        | undefined;
      const types = description?.dataTypeIDs ?? [];
      statement = { name, types };
      prepared.set(text, statement);
    }
    const { types } = statement;
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const serializer = db.serializers[types[i]!];
      return serializer ? serializer(v) : String(v);
    });
    const messages = await stream(
      concat([
        serialize.bind({ statement: statement.name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
    );
    return parse.parseResults(messages, db.parsers)[0]?.rows as T[];
  };
}

/**
 * Embedded PGlite: in memory when `dataDir` is absent, else persisted in that directory.
 * `template` is a data directory dump (`dumpDataDir`) to start from instead of running initdb.
 * Every `query` runs as a named statement (`pgliteNamedStatements`).
 */
export async function openPglite(dataDir?: string, template?: Blob | File): Promise<Db> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite(template ? { loadDataDir: template } : {});
  await db.waitReady;
  const named = pgliteNamedStatements(db);
  // What PGlite.query does around a statement: its transaction lock (outside a transaction),
  // its query lock, and writing the data directory through once no transaction is open.
  const run = async <T>(sql: string, params: readonly unknown[], inTransaction: boolean) => {
    const rows = await db.runExclusive(() => named<T>(sql, params));
    if (rows === undefined) return undefined;
    if (!inTransaction) await db.syncToFs();
    return rows;
  };
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const rows = await db._runExclusiveTransaction(() => run<T>(sql, params, false));
      if (rows) return rows;
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
            const rows = await run<R>(sql, params, true);
            if (rows) return rows;
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
