/** The HTTP protocol as an OpenAPI 3.1 document, served at `GET /openapi.json`. */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/E${s}` }]));
const path = (name: string, description: string, pattern?: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', ...(pattern ? { pattern } : {}) },
});
const ID = '^[A-Za-z0-9_-]{1,100}$';
const ADDRESS = '^0x[0-9a-fA-F]{40}$';
const campaignParam = path('id', 'Campaign id', ID);
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Same key and body → the first answer again (header `Idempotent-Replayed: true`). 1–200 printable ASCII.',
  schema: { type: 'string', maxLength: 200 },
};

const ERROR_TEXT: Record<number, string> = {
  304: 'Not modified (ETag matched)',
  400: 'Bad request: malformed JSON, wrong types, unknown fields, bad ids',
  401: 'Not signed in (SIGN_IN_REQUIRED), a session this server no longer knows (SESSION_EXPIRED: drop it, sign in again), SIWE refused (SIGN_IN_FAILED) or bad admin key',
  403: 'Origin not allowed, or admin API disabled',
  404: 'Unknown campaign, task, tier or round (NOT_FOUND: nothing there yet)',
  409: 'Task locked, tier not complete, campaign not started/ended, campaign exists',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Invalid campaign (issues listed), or Idempotency-Key reused with another body',
  429: 'Rate limited; see Retry-After',
  503: 'Retryable failure (RPC down: RULE_ERROR with retryable: true)',
};

export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Questboard protocol',
      version,
      description:
        'Authoritative verification, sessions (Sign-In with Ethereum → bearer token), progress, claims, leaderboard, ' +
        'funnel and EAS-shaped credentials. Errors are `{ error: { code, message, details?, issues?, retryable?, retryAfter? } }`. ' +
        'No cookies: send `Authorization: Bearer <token>`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    components: {
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: 'Token from POST /auth/verify' },
        admin: { type: 'http', scheme: 'bearer', description: 'QUESTBOARD_ADMIN_KEY' },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT)
          .filter(([s]) => s !== '304')
          .map(([s, d]) => [`E${s}`, json(ref('Error'), d)]),
      ),
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', examples: ['BAD_REQUEST', 'SIGN_IN_FAILED', 'RULE_ERROR'] },
                message: { type: 'string' },
                details: { type: 'string' },
                issues: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { path: { type: 'string' }, message: { type: 'string' } },
                  },
                },
                retryable: { type: 'boolean' },
                retryAfter: { type: 'integer', description: 'seconds' },
              },
            },
          },
        },
        Address: { type: 'string', pattern: ADDRESS },
        Campaign: {
          type: 'object',
          description:
            'A campaign as documented in docs/campaign-format.md (validated by parseCampaign).',
          required: ['schemaVersion', 'id', 'title', 'tiers'],
          properties: {
            schemaVersion: { const: 1 },
            id: { type: 'string', pattern: ID },
            title: { type: 'string' },
            origins: {
              type: 'array',
              items: { type: 'string' },
              description: 'Embedding origins: CORS + SIWE domains',
            },
            tiers: { type: 'array', items: { type: 'object' } },
          },
          additionalProperties: true,
        },
        RewardDelivery: {
          description:
            "What a claim delivers, by the reward's kind (docs/rewards.md). The same on every claim of the tier by the address (a badge's voucher is stored).",
          oneOf: [
            {
              type: 'object',
              required: ['kind'],
              properties: { kind: { const: 'credential' } },
            },
            {
              type: 'object',
              description: 'Send QuestBadge.claim(voucher, signature) on chainId.',
              required: ['kind', 'chainId', 'contract', 'voucher', 'signature'],
              properties: {
                kind: { const: 'badge' },
                chainId: { type: 'integer' },
                contract: ref('Address'),
                voucher: {
                  type: 'object',
                  required: ['to', 'campaign', 'tier', 'nonce', 'validAfter', 'validBefore'],
                  properties: {
                    to: ref('Address'),
                    campaign: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
                    tier: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
                    nonce: { type: 'string', pattern: '^[0-9]+$' },
                    validAfter: { type: 'string', pattern: '^[0-9]+$' },
                    validBefore: { type: 'string', pattern: '^[0-9]+$' },
                  },
                },
                signature: { type: 'string', pattern: '^0x[0-9a-fA-F]+$' },
              },
            },
            {
              type: 'object',
              description:
                "This tier's amount (base units) in the drop's ledger; proof once a closed round includes the address.",
              required: ['kind', 'chainId', 'contract', 'token', 'amount'],
              properties: {
                kind: { const: 'token' },
                chainId: { type: 'integer' },
                contract: ref('Address'),
                token: {
                  type: 'object',
                  required: ['address', 'symbol', 'decimals'],
                  properties: {
                    address: ref('Address'),
                    symbol: { type: 'string' },
                    decimals: { type: 'integer', minimum: 0, maximum: 36 },
                  },
                },
                amount: { type: 'string', pattern: '^[0-9]+$' },
                proof: ref('TokenProof'),
              },
            },
            {
              type: 'object',
              required: ['kind', 'list'],
              properties: { kind: { const: 'allowlist' }, list: { type: 'string' } },
            },
          ],
        },
        TokenProof: {
          type: 'object',
          description: 'Arguments of QuestDrop.claim(amount, proof) from the latest closed round.',
          required: ['round', 'root', 'amount', 'proof'],
          properties: {
            round: { type: 'integer', minimum: 1 },
            root: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
            amount: {
              type: 'string',
              pattern: '^[0-9]+$',
              description: 'cumulative base units over every round',
            },
            proof: { type: 'array', items: { type: 'string', pattern: '^0x[0-9a-f]{64}$' } },
          },
        },
        Round: {
          type: 'object',
          required: ['round', 'chainId', 'contract', 'root', 'total', 'count', 'closedAt'],
          properties: {
            round: { type: 'integer', minimum: 1 },
            chainId: { type: 'integer' },
            contract: { type: 'string', description: 'the QuestDrop (lowercase)' },
            root: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
            total: {
              type: 'string',
              pattern: '^[0-9]+$',
              description: 'base units the drop must hold for this round',
            },
            count: { type: 'integer', description: 'addresses in the round' },
            closedAt: { type: 'string', format: 'date-time' },
          },
        },
        Session: {
          type: 'object',
          required: ['token', 'address', 'chainId', 'expiresAt'],
          properties: {
            token: { type: 'string' },
            address: ref('Address'),
            chainId: { type: 'integer' },
            expiresAt: { type: 'string', format: 'date-time' },
          },
        },
        Progress: {
          type: 'object',
          required: ['campaignId', 'address', 'completed', 'claimed'],
          properties: {
            campaignId: { type: 'string' },
            address: ref('Address'),
            completed: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                properties: {
                  at: { type: 'string', format: 'date-time' },
                  points: { type: 'integer' },
                },
              },
            },
            claimed: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                properties: { at: { type: 'string', format: 'date-time' } },
              },
            },
            points: { type: 'integer', description: 'only on GET progress' },
          },
        },
        Credential: {
          type: 'object',
          description:
            'EAS off-chain attestation (version 2) as EIP-712 typed data: domain "EAS Attestation", primary type Attest, ' +
            'schema "string campaignId,string taskId". Check with verifyCredential() from @questboard/core.',
          required: [
            'uid',
            'issuer',
            'recipient',
            'campaignId',
            'taskId',
            'time',
            'typedData',
            'signature',
          ],
          properties: {
            uid: { type: 'string' },
            issuer: ref('Address'),
            recipient: ref('Address'),
            campaignId: { type: 'string' },
            taskId: { type: 'string' },
            time: { type: 'integer' },
            version: { type: 'integer' },
            schema: { type: 'string' },
            expirationTime: { type: 'integer' },
            typedData: { type: 'object' },
            signature: { type: 'string' },
          },
        },
        VerifyResult: {
          oneOf: [
            {
              type: 'object',
              required: ['ok', 'progress', 'firstCompletion'],
              properties: {
                ok: { const: true },
                progress: ref('Progress'),
                credential: ref('Credential'),
                firstCompletion: { type: 'boolean' },
              },
            },
            {
              type: 'object',
              required: ['ok', 'code', 'reason'],
              properties: {
                ok: { const: false },
                code: { enum: ['WRONG_ANSWER', 'INPUT_MISMATCH', 'VERIFY_FAILED'] },
                reason: { type: 'string' },
                current: { type: 'number' },
                target: { type: 'number' },
              },
            },
          ],
        },
      },
    },
    paths: {
      '/health': { get: { summary: 'Liveness', responses: { 200: json({ type: 'object' }) } } },
      '/ready': {
        get: {
          summary: 'Readiness (database reachable)',
          responses: { 200: json({ type: 'object' }), ...errors(503) },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', responses: { 200: json({ type: 'object' }) } },
      },
      '/auth/nonce': {
        post: {
          summary: 'A single-use SIWE nonce',
          responses: {
            201: json(
              {
                type: 'object',
                properties: { nonce: { type: 'string' }, expiresAt: { type: 'string' } },
              },
              'Created',
            ),
            ...errors(429),
          },
        },
      },
      '/auth/verify': {
        post: {
          summary: 'Sign in: verify a signed EIP-4361 message, get a bearer session',
          description:
            "The message's domain must be the calling page's host and one of QUESTBOARD_SIWE_DOMAINS or the campaigns' origins; " +
            'its nonce must come from POST /auth/nonce and works once. Failures say why in `details` ' +
            '(WRONG_DOMAIN, WRONG_CHAIN, EXPIRED, NOT_YET_VALID, BAD_SIGNATURE, ADDRESS_MISMATCH, NONCE_INVALID, MALFORMED).',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['message', 'signature'],
                  additionalProperties: false,
                  properties: {
                    message: { type: 'string', maxLength: 8192 },
                    signature: { type: 'string' },
                    campaignId: { type: 'string' },
                  },
                },
              },
            },
          },
          responses: { 200: json(ref('Session')), ...errors(400, 401, 403, 413, 415, 429) },
        },
      },
      '/auth/session': {
        get: {
          summary: 'The current session',
          security: [{ session: [] }],
          responses: { 200: json(ref('Session')), ...errors(401) },
        },
      },
      '/auth/signout': {
        post: {
          summary: 'End the session',
          security: [{ session: [] }],
          responses: { 204: { description: 'Signed out' }, ...errors(401) },
        },
      },
      '/campaigns': {
        get: {
          summary: 'Live campaigns (with ?archived=true and the admin key: all)',
          responses: { 200: json({ type: 'object' }) },
        },
        post: {
          summary: 'Create a campaign (admin)',
          security: [{ admin: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('Campaign') } },
          },
          responses: {
            201: json(ref('Campaign'), 'Created'),
            ...errors(400, 401, 403, 409, 413, 422),
          },
        },
      },
      '/campaigns/{id}': {
        parameters: [campaignParam],
        get: {
          summary: 'A campaign (public, ETag / If-None-Match)',
          responses: {
            200: json(ref('Campaign')),
            304: { description: ERROR_TEXT[304] },
            ...errors(404),
          },
        },
        put: {
          summary: 'Replace a campaign (admin; optional If-Match)',
          security: [{ admin: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('Campaign') } },
          },
          responses: { 200: json(ref('Campaign')), ...errors(400, 401, 404, 413, 422) },
        },
      },
      '/campaigns/{id}/archive': {
        parameters: [campaignParam],
        post: {
          summary: 'Archive a campaign (admin)',
          security: [{ admin: [] }],
          responses: { 200: json({ type: 'object' }), ...errors(401, 404) },
        },
      },
      '/campaigns/{id}/progress/{address}': {
        parameters: [campaignParam, path('address', 'Wallet address', ADDRESS)],
        get: {
          summary: "A wallet's progress and points",
          responses: { 200: json(ref('Progress')), ...errors(400, 404) },
        },
      },
      '/campaigns/{id}/tasks/{taskId}/verify': {
        parameters: [campaignParam, path('taskId', 'Task id', ID), idempotencyKey],
        post: {
          summary: 'Verify a task for the signed-in wallet (server-side rule evaluation)',
          security: [{ session: [] }],
          requestBody: {
            required: false,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    input: { type: 'string', maxLength: 2000 },
                    chainId: {
                      type: 'integer',
                      description:
                        "The wallet's current chain. wallet.chain is judged on the session's signed chain; this only shapes the message.",
                    },
                  },
                },
              },
            },
          },
          responses: {
            200: json(ref('VerifyResult')),
            ...errors(400, 401, 404, 409, 413, 422, 429, 503),
          },
        },
      },
      '/campaigns/{id}/tiers/{tierId}/claim': {
        parameters: [campaignParam, path('tierId', 'Tier id', ID), idempotencyKey],
        post: {
          summary: "Claim a completed tier's reward (idempotent)",
          security: [{ session: [] }],
          responses: {
            200: json({
              type: 'object',
              required: ['progress', 'firstClaim', 'delivery'],
              properties: {
                progress: ref('Progress'),
                firstClaim: { type: 'boolean' },
                delivery: ref('RewardDelivery'),
              },
            }),
            ...errors(400, 401, 404, 409, 429),
          },
        },
      },
      '/campaigns/{id}/tiers/{tierId}/proof/{address}': {
        parameters: [
          campaignParam,
          path('tierId', 'Tier id (a token tier)', ID),
          path('address', 'The claiming address', ADDRESS),
        ],
        get: {
          summary:
            "The merkle proof an address claims a token tier's drop with (latest closed round of the tier's drop)",
          responses: {
            200: json(ref('TokenProof')),
            400: { $ref: '#/components/responses/E400' },
            404: json(
              ref('Error'),
              'NOT_FOUND: no closed round includes the address yet; or an unknown campaign or tier',
            ),
          },
        },
      },
      '/campaigns/{id}/leaderboard': {
        parameters: [
          campaignParam,
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
          },
        ],
        get: {
          summary: 'Points leaderboard, paged',
          responses: { 200: json({ type: 'object' }), ...errors(400, 404) },
        },
      },
      '/campaigns/{id}/funnel': {
        parameters: [campaignParam],
        get: {
          summary:
            'Funnel (admin): per tier wallets that reached / completed / claimed it; per task completions',
          security: [{ admin: [] }],
          responses: { 200: json({ type: 'object' }), ...errors(401, 403, 404) },
        },
      },
      '/credentials/{address}': {
        parameters: [
          path('address', 'Wallet address', ADDRESS),
          { name: 'campaignId', in: 'query', schema: { type: 'string', pattern: ID } },
          { name: 'taskId', in: 'query', schema: { type: 'string', pattern: ID } },
          {
            name: 'after',
            in: 'query',
            description: 'The `next` cursor of the previous page',
            schema: { type: 'string' },
          },
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 500, default: 500 },
          },
        ],
        get: {
          summary: "A wallet's credentials, oldest first, paged (public, any origin)",
          responses: {
            200: json({
              type: 'object',
              properties: {
                credentials: { type: 'array', items: ref('Credential') },
                next: {
                  type: 'string',
                  description: 'Cursor of the next page; absent on the last',
                },
              },
            }),
            ...errors(400),
          },
        },
      },
      '/credentials/revocations': {
        parameters: [
          {
            name: 'after',
            in: 'query',
            description: 'The `next` cursor of the previous page',
            schema: { type: 'string' },
          },
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 500, default: 500 },
          },
        ],
        get: {
          summary: 'Credentials this server revoked, oldest first, paged (public, any origin)',
          responses: {
            200: json({
              type: 'object',
              properties: {
                revocations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      uid: { type: 'string' },
                      revokedAt: { type: 'string', format: 'date-time' },
                      reason: { type: 'string' },
                    },
                  },
                },
                next: { type: 'string' },
              },
            }),
            ...errors(400),
          },
        },
      },
      '/admin/revocations': {
        post: {
          summary:
            'Revoke a credential this server issued (admin; idempotent: 201 first, 200 after)',
          security: [{ admin: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['uid'],
                  properties: {
                    uid: { type: 'string' },
                    reason: { type: 'string', maxLength: 500 },
                  },
                },
              },
            },
          },
          responses: {
            200: json({ type: 'object' }),
            201: json({ type: 'object' }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/.well-known/questboard.json': {
        get: {
          summary:
            "This server's issuer address, credential schema and EAS domain (what a partner puts in its credential rules)",
          responses: { 200: json({ type: 'object' }) },
        },
      },
      '/admin/campaigns/{id}/rounds': {
        parameters: [campaignParam],
        post: {
          summary:
            'Close a drop round from the ledger of claimed token tiers (admin); the same ledger gives the same round (200, no new row)',
          security: [{ admin: [] }],
          requestBody: {
            required: false,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  description:
                    "Names the drop when the campaign's token tiers pay from more than one",
                  properties: { chainId: { type: 'integer' }, contract: ref('Address') },
                },
              },
            },
          },
          responses: {
            200: json(ref('Round'), 'The latest round already holds this ledger'),
            201: json(ref('Round'), 'A new round'),
            ...errors(400, 401, 403, 404),
          },
        },
        get: {
          summary: "The campaign's closed rounds, oldest first (admin)",
          security: [{ admin: [] }],
          responses: {
            200: json({
              type: 'object',
              required: ['rounds'],
              properties: { rounds: { type: 'array', items: ref('Round') } },
            }),
            ...errors(401, 403, 404),
          },
        },
      },
      '/admin/campaigns/{id}/rounds/{round}/allowlist.csv': {
        parameters: [campaignParam, path('round', 'Round number', '^[1-9][0-9]{0,8}$')],
        get: {
          summary: 'A round as CSV `address,amount` (checksummed, one row per address; admin)',
          security: [{ admin: [] }],
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/admin/campaigns/{id}/rounds/{round}/dump.json': {
        parameters: [campaignParam, path('round', 'Round number', '^[1-9][0-9]{0,8}$')],
        get: {
          summary: "A round's StandardMerkleTree dump (admin; what scripts/publish-root.mjs reads)",
          security: [{ admin: [] }],
          responses: { 200: json({ type: 'object' }), ...errors(400, 401, 403, 404) },
        },
      },
      '/admin/campaigns/{id}/allowlists/{file}': {
        parameters: [
          campaignParam,
          path('file', 'The list name then `.csv`', '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\\.csv$'),
        ],
        get: {
          summary:
            'The addresses that claimed a tier of an allowlist, as CSV `address` (checksummed, deduplicated; admin)',
          security: [{ admin: [] }],
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/admin/issuers': {
        get: {
          summary: 'Partner servers (admin): issuer address → endpoint, used by credential rules',
          security: [{ admin: [] }],
          responses: { 200: json({ type: 'object' }), ...errors(401, 403) },
        },
      },
      '/admin/issuers/{address}': {
        parameters: [path('address', 'Issuer address', ADDRESS)],
        put: {
          summary: "Set a partner's endpoint (admin; applies without a restart)",
          security: [{ admin: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['endpoint'],
                  properties: { endpoint: { type: 'string', format: 'uri' } },
                },
              },
            },
          },
          responses: {
            200: json({ type: 'object' }),
            201: json({ type: 'object' }),
            ...errors(400, 401, 403),
          },
        },
        delete: {
          summary: 'Remove a partner (admin)',
          security: [{ admin: [] }],
          responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403) },
        },
      },
    },
  };
}
