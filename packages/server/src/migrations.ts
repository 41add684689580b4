import type { Db } from './db.js';

/**
 * The insights rollups (migration 9) kept from a set of `events` rows, `source` (the trigger's
 * transition table `new_events`, or `events` itself for the backfill): each wallet's first
 * event, its active UTC days, and the actors the funnel counts per campaign, type and subject.
 * Inserts only (ON CONFLICT DO NOTHING), in key order, so concurrent statements never lock an
 * existing row: the one update moves a wallet's `first_at` earlier when a back-dated event
 * arrives (rows locked in key order first). The null actor (an event of a counted wallet type
 * without an address) keeps its event count, so the funnel's figures equal those over `events`.
 */
export function insightRollups(source: string): string {
  return `
INSERT INTO insight_wallets (campaign_id, address, first_at)
SELECT campaign_id, address, min(at) FROM ${source} WHERE address IS NOT NULL
GROUP BY campaign_id, address ORDER BY campaign_id, address
ON CONFLICT (campaign_id, address) DO NOTHING;

WITH n AS (
  SELECT campaign_id, address, min(at) AS first_at FROM ${source} WHERE address IS NOT NULL
  GROUP BY campaign_id, address
), earlier AS (
  SELECT w.campaign_id, w.address, n.first_at FROM insight_wallets w
  JOIN n ON n.campaign_id = w.campaign_id AND n.address = w.address
  WHERE w.first_at > n.first_at ORDER BY w.campaign_id, w.address FOR UPDATE OF w
)
UPDATE insight_wallets w SET first_at = e.first_at FROM earlier e
WHERE w.campaign_id = e.campaign_id AND w.address = e.address AND w.first_at > e.first_at;

INSERT INTO insight_wallet_days (campaign_id, address, day)
SELECT DISTINCT campaign_id, address, (at AT TIME ZONE 'UTC')::date FROM ${source}
WHERE address IS NOT NULL ORDER BY 1, 2, 3
ON CONFLICT (campaign_id, address, day) DO NOTHING;

INSERT INTO insight_actors (campaign_id, type, subject, actor)
SELECT DISTINCT campaign_id, type,
  CASE WHEN type = 'task_verified' THEN task_id
    WHEN type IN ('tier_unlocked', 'reward_claimed') THEN tier_id END,
  CASE WHEN type IN ('viewed', 'connected') THEN visitor ELSE address END
FROM ${source}
WHERE type IN ('viewed', 'connected', 'signed_in', 'task_verified', 'tier_unlocked', 'reward_claimed')
  AND CASE WHEN type IN ('viewed', 'connected') THEN visitor ELSE address END IS NOT NULL
ORDER BY 1, 2, 3, 4
ON CONFLICT (campaign_id, type, subject, actor) DO NOTHING;

INSERT INTO insight_actors (campaign_id, type, subject, actor, events)
SELECT campaign_id, type, CASE type WHEN 'task_verified' THEN task_id ELSE tier_id END, NULL,
  count(*)
FROM ${source} WHERE type IN ('task_verified', 'tier_unlocked') AND address IS NULL
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
ON CONFLICT (campaign_id, type, subject, actor) DO UPDATE
  SET events = insight_actors.events + EXCLUDED.events;
`;
}

/**
 * Schema migrations, applied in order at start inside one transaction that holds an
 * advisory lock, so replicas starting together on one PostgreSQL apply each exactly once.
 * Never edit a shipped migration: add a new one.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE campaigns (
  id text PRIMARY KEY,
  body jsonb NOT NULL,
  etag text NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE nonces (
  nonce text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  address text NOT NULL,
  chain_id integer NOT NULL,
  domain text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE completions (
  id bigserial PRIMARY KEY,
  campaign_id text NOT NULL,
  task_id text NOT NULL,
  address text NOT NULL,
  period text NOT NULL DEFAULT '',
  points integer NOT NULL CHECK (points >= 0),
  input text,
  completed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, task_id, address, period)
);
CREATE INDEX completions_by_address ON completions (campaign_id, address);

CREATE TABLE points_ledger (
  id bigserial PRIMARY KEY,
  campaign_id text NOT NULL,
  address text NOT NULL,
  delta integer NOT NULL,
  reason text NOT NULL,
  completion_id bigint UNIQUE REFERENCES completions (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX points_ledger_by_address ON points_ledger (campaign_id, address);

CREATE FUNCTION questboard_ledger_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'points_ledger is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER points_ledger_append_only BEFORE UPDATE OR DELETE ON points_ledger
  FOR EACH ROW EXECUTE FUNCTION questboard_ledger_append_only();

CREATE TABLE points_totals (
  campaign_id text NOT NULL,
  address text NOT NULL,
  points integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, address)
);
CREATE INDEX points_totals_rank ON points_totals (campaign_id, points DESC, updated_at, address);

CREATE TABLE claims (
  campaign_id text NOT NULL,
  tier_id text NOT NULL,
  address text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, tier_id, address)
);

CREATE TABLE credentials (
  uid text PRIMARY KEY,
  campaign_id text NOT NULL,
  task_id text NOT NULL,
  address text NOT NULL,
  period text NOT NULL DEFAULT '',
  issuer text NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  body jsonb NOT NULL,
  UNIQUE (campaign_id, task_id, address, period)
);
CREATE INDEX credentials_by_address ON credentials (address);

CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

CREATE TABLE rate_limits (
  bucket text NOT NULL,
  window_start bigint NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'issuer endpoints',
    sql: `
CREATE TABLE issuer_endpoints (
  issuer text PRIMARY KEY,
  endpoint text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credentials_page ON credentials (address, issued_at, uid);
`,
  },
  {
    version: 3,
    name: 'credential revocations',
    sql: `
CREATE TABLE revocations (
  uid text PRIMARY KEY REFERENCES credentials (uid),
  reason text,
  revoked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revocations_page ON revocations (revoked_at, uid);
`,
  },
  {
    version: 4,
    name: 'scheduled tasks: claim-limit counts and check cooldowns',
    // Completions are already unique per (campaign, task, address, period) since version 1
    // (period '' for one-off tasks); scheduled tasks fill the period with their key.
    sql: `
CREATE INDEX completions_by_task_period ON completions (campaign_id, task_id, period);
CREATE TABLE check_failures (
  campaign_id text NOT NULL,
  task_id text NOT NULL,
  address text NOT NULL,
  failed_at timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, task_id, address)
);
`,
  },
  {
    version: 5,
    name: 'rewards',
    // What each claim delivered (once per campaign, tier and address: a badge's voucher, a
    // token tier's amount for the ledger, an allowlist's name) and the closed drop rounds.
    sql: `
CREATE TABLE reward_deliveries (
  campaign_id text NOT NULL,
  tier_id text NOT NULL,
  address text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('badge', 'token', 'allowlist')),
  chain_id bigint,
  contract text,
  amount numeric(78, 0) CHECK (amount > 0),
  list text,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, tier_id, address)
);
CREATE INDEX reward_deliveries_drop ON reward_deliveries (campaign_id, chain_id, contract)
  WHERE kind = 'token';
CREATE INDEX reward_deliveries_list ON reward_deliveries (campaign_id, list)
  WHERE kind = 'allowlist';

CREATE TABLE reward_rounds (
  campaign_id text NOT NULL,
  round integer NOT NULL CHECK (round >= 1),
  chain_id bigint NOT NULL,
  contract text NOT NULL,
  root text NOT NULL,
  total numeric(78, 0) NOT NULL,
  count integer NOT NULL,
  dump jsonb NOT NULL,
  closed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, round)
);
CREATE INDEX reward_rounds_drop ON reward_rounds (campaign_id, chain_id, contract, round);
`,
  },
  {
    version: 6,
    name: 'referrals',
    // A referrer's code is random (never derived from the address) and issued once per
    // campaign; a referee is bound once (the primary key) and never changed; the referrer's
    // points enter the ledger once per referee (`reason` 'referral:<referee>' is unique).
    sql: `
CREATE TABLE referral_codes (
  campaign_id text NOT NULL,
  address text NOT NULL,
  code text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, address),
  UNIQUE (campaign_id, code)
);

CREATE TABLE referrals (
  campaign_id text NOT NULL,
  referee text NOT NULL,
  referrer text NOT NULL,
  code text NOT NULL,
  bound_at timestamptz NOT NULL,
  qualified_at timestamptz,
  PRIMARY KEY (campaign_id, referee),
  CHECK (referee <> referrer)
);
CREATE INDEX referrals_by_referrer ON referrals (campaign_id, referrer, bound_at DESC);

CREATE UNIQUE INDEX points_ledger_referral ON points_ledger (campaign_id, reason)
  WHERE reason LIKE 'referral:%';
`,
  },
  {
    version: 7,
    name: 'leaderboards: keyset indexes and per-period totals',
    // Board order: points desc, reached-at asc, lower-case address asc (core leaderboard.ts).
    // "Rank of one address" is a count over the index up to that address's position (an
    // index-only scan); pages are keyset range scans. Period totals are kept by a trigger on
    // the ledger, so every writer of the ledger (tasks, referrals, …) moves them in its own
    // transaction. questboard_period_key matches core's periodOf({ every }, at, timeZone)
    // (midnight in the campaign's time zone, weeks from Monday); a test checks the two agree.
    sql: `
CREATE INDEX points_totals_keyset ON points_totals
  (campaign_id, (-points), updated_at, (lower(address) COLLATE "C"));

CREATE FUNCTION questboard_period_key(unit text, at timestamptz, tz text) RETURNS text AS $$
  SELECT CASE unit
    WHEN 'day' THEN to_char(at AT TIME ZONE tz, 'YYYY-MM-DD')
    WHEN 'week' THEN to_char(date_trunc('week', at AT TIME ZONE tz), 'YYYY') || '-W' ||
      to_char(date_trunc('week', at AT TIME ZONE tz), 'YYYY-MM-DD')
    WHEN 'month' THEN to_char(at AT TIME ZONE tz, 'YYYY-MM')
  END
$$ LANGUAGE sql STABLE;

CREATE TABLE leaderboard_periods (
  campaign_id text NOT NULL,
  unit text NOT NULL CHECK (unit IN ('day', 'week', 'month')),
  key text NOT NULL,
  address text NOT NULL,
  points integer NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, unit, key, address)
);
CREATE INDEX leaderboard_periods_keyset ON leaderboard_periods
  (campaign_id, unit, key, (-points), updated_at, (lower(address) COLLATE "C"));

CREATE FUNCTION questboard_leaderboard_periods() RETURNS trigger AS $$
DECLARE
  at timestamptz;
  tz text;
  u text;
BEGIN
  -- A task's points count at its completion time (the server's clock); others at insertion.
  SELECT c.completed_at INTO at FROM completions c WHERE c.id = NEW.completion_id;
  at := COALESCE(at, NEW.created_at);
  SELECT body->>'timeZone' INTO tz FROM campaigns WHERE id = NEW.campaign_id;
  tz := COALESCE(tz, 'UTC');
  FOREACH u IN ARRAY ARRAY['day', 'week', 'month'] LOOP
    INSERT INTO leaderboard_periods (campaign_id, unit, key, address, points, updated_at)
    VALUES (NEW.campaign_id, u, questboard_period_key(u, at, tz), NEW.address, NEW.delta, at)
    ON CONFLICT (campaign_id, unit, key, address) DO UPDATE
      SET points = leaderboard_periods.points + EXCLUDED.points,
          updated_at = EXCLUDED.updated_at;
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER points_ledger_periods AFTER INSERT ON points_ledger
  FOR EACH ROW EXECUTE FUNCTION questboard_leaderboard_periods();

INSERT INTO leaderboard_periods (campaign_id, unit, key, address, points, updated_at)
SELECT l.campaign_id, u.unit,
       questboard_period_key(u.unit, COALESCE(c.completed_at, l.created_at),
                             COALESCE(k.body->>'timeZone', 'UTC')),
       l.address, sum(l.delta), max(COALESCE(c.completed_at, l.created_at))
  FROM points_ledger l
  LEFT JOIN completions c ON c.id = l.completion_id
  LEFT JOIN campaigns k ON k.id = l.campaign_id
  CROSS JOIN (VALUES ('day'), ('week'), ('month')) AS u(unit)
 GROUP BY 1, 2, 3, 4;
`,
  },
  {
    version: 8,
    name: 'event log',
    // Append-only (events.ts: EVENT_TYPES, recordEvent). A tier unlocks once per wallet; detail
    // and reason are small. The type list is written out: a shipped migration never changes
    // (migrations.test.ts checks it against EVENT_TYPES).
    sql: `
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  campaign_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('viewed', 'connected', 'signed_in', 'task_started',
    'task_verified', 'task_failed', 'tier_unlocked', 'reward_claimed', 'referral_bound',
    'referral_qualified', 'streak_extended')),
  address text CHECK (address = lower(address)),
  visitor text CHECK (char_length(visitor) <= 64),
  task_id text,
  tier_id text,
  reason text CHECK (char_length(reason) <= 200),
  detail jsonb CHECK (octet_length(detail::text) <= 1024),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_by_type ON events (campaign_id, type, at);
CREATE INDEX events_by_address ON events (campaign_id, address, at) WHERE address IS NOT NULL;
CREATE UNIQUE INDEX events_tier_unlocked_once ON events (campaign_id, tier_id, address)
  WHERE type = 'tier_unlocked';

CREATE FUNCTION questboard_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'events is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION questboard_events_append_only();
`,
  },
  {
    version: 9,
    name: 'insights rollups',
    // What the funnel, visitors, daily and retention views read instead of scanning `events`
    // (store-insights.ts), kept by a statement-level trigger on `events` over its transition
    // table (one pass per INSERT statement, whatever its row count) and backfilled here from
    // the events already logged. first_day is the wallet's cohort (first active UTC day).
    sql: `
CREATE TABLE insight_wallets (
  campaign_id text NOT NULL,
  address text NOT NULL,
  first_at timestamptz NOT NULL,
  first_day date GENERATED ALWAYS AS ((first_at AT TIME ZONE 'UTC')::date) STORED,
  PRIMARY KEY (campaign_id, address)
);

CREATE TABLE insight_wallet_days (
  campaign_id text NOT NULL,
  address text NOT NULL,
  day date NOT NULL,
  PRIMARY KEY (campaign_id, address, day)
);

-- One row per campaign, type, subject (task_verified: the task; tier_unlocked and
-- reward_claimed: the tier) and actor (viewed, connected: the visitor; else the wallet).
-- events: 1 for a named actor; for the null actor, its events (they are not distinct).
CREATE TABLE insight_actors (
  campaign_id text NOT NULL,
  type text NOT NULL,
  subject text,
  actor text,
  events bigint NOT NULL DEFAULT 1,
  CONSTRAINT insight_actors_key UNIQUE NULLS NOT DISTINCT (campaign_id, type, subject, actor)
);

CREATE FUNCTION questboard_insight_rollups() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_events) THEN
    RETURN NULL;
  END IF;
${insightRollups('new_events')}
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER events_insight_rollups AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION questboard_insight_rollups();
${insightRollups('events')}
`,
  },
  {
    version: 10,
    name: 'saved segments',
    // Named segment rules (store-segments.ts): what a campaign tier's `unlock.segment` names.
    // The name is a campaign id's charset; the rule is checked by validateSegment before it is stored.
    sql: `
CREATE TABLE segments (
  name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
  rule jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 11,
    name: 'referral events backfill',
    // referral_bound / referral_qualified are written with the binding / qualification
    // (store-referrals.ts) from this version on; referrals bound or qualified before it get
    // theirs here, at their bound_at / qualified_at. One of each per referee and campaign (the
    // unique index; ON CONFLICT skips events that exist already, so the SQL can run twice).
    sql: `
CREATE UNIQUE INDEX IF NOT EXISTS events_referral_once ON events (campaign_id, type, address)
  WHERE type IN ('referral_bound', 'referral_qualified');

INSERT INTO events (campaign_id, type, address, detail, at)
SELECT r.campaign_id, t.type, lower(r.referee), jsonb_build_object('referrer', lower(r.referrer)),
       CASE t.type WHEN 'referral_bound' THEN r.bound_at ELSE r.qualified_at END
  FROM referrals r
  CROSS JOIN (VALUES ('referral_bound'), ('referral_qualified')) AS t(type)
 WHERE t.type = 'referral_bound' OR r.qualified_at IS NOT NULL
 ORDER BY 5, 1, 3, 2
ON CONFLICT (campaign_id, type, address)
  WHERE type IN ('referral_bound', 'referral_qualified') DO NOTHING;
`,
  },
  {
    version: 12,
    name: 'idempotent answers verbatim',
    // A retry with the same Idempotency-Key gets exactly the bytes first sent: `answer` keeps
    // the JSON text, where `body` (jsonb) reorders keys (the replay was the same value, not the
    // same answer). Adding a nullable column rewrites nothing and locks only for an instant;
    // `body` is still written, so replicas of the previous version keep working beside this
    // one during a rolling deploy, and rolling back needs no change. An answer stored without
    // `answer` (before this, or by an older replica) replays in jsonb's rendering.
    sql: `
ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS answer text;
`,
  },
];

/** Tables whose rows are the server's state (rate-limit counters excluded: every request moves them). */
export const STATE_TABLES = [
  'campaigns',
  'nonces',
  'sessions',
  'completions',
  'points_ledger',
  'points_totals',
  'claims',
  'credentials',
  'idempotency_keys',
  'settings',
  'issuer_endpoints',
  'revocations',
  'check_failures',
  'reward_deliveries',
  'reward_rounds',
  'referral_codes',
  'referrals',
  'events',
  'leaderboard_periods',
  'insight_wallets',
  'insight_wallet_days',
  'insight_actors',
  'segments',
] as const;

const LOCK_ID = 72_4361_1; // any constant: serialises migrations across replicas

/** Applies pending migrations; returns the versions applied now. */
export async function migrate(db: Db): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
