import { createRoute } from '@hono/zod-openapi';
import type { NonceResponse } from '@questboard/core';
import type { AppContext } from '../context.js';
import { bearerToken, requireSession, sessionMiddleware } from '../middleware/session.js';
import { errors, fields, json, jsonBody, routeApp, SessionSchema, text, z } from './schemas.js';

const nonce = createRoute({
  method: 'post',
  path: '/nonce',
  summary: 'A single-use SIWE nonce',
  responses: {
    201: json(z.object({ nonce: z.string(), expiresAt: z.string() }), 'Created'),
    ...errors(403, 429),
  },
});

const SignInSchema = fields({
  message: text(8192).openapi({ description: 'The EIP-4361 message exactly as signed' }),
  signature: text(10_000).openapi({ description: '0x-hex signature (EOA, ERC-1271 or ERC-6492)' }),
  campaignId: text(200).optional().openapi({
    description: "Narrows the accepted SIWE domains to that campaign's origins",
  }),
});

const verify = createRoute({
  method: 'post',
  path: '/verify',
  summary: 'Sign in: verify a signed EIP-4361 message, get a bearer session',
  description:
    "The message's domain must be the calling page's host and one of QUESTBOARD_SIWE_DOMAINS or the campaigns' origins; " +
    'its nonce must come from POST /auth/nonce and works once. Failures say why in `details` ' +
    '(WRONG_DOMAIN, WRONG_CHAIN, EXPIRED, NOT_YET_VALID, BAD_SIGNATURE, ADDRESS_MISMATCH, NONCE_INVALID, MALFORMED).',
  middleware: [jsonBody()],
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: SignInSchema.openapi({
            example: {
              message:
                'app.example wants you to sign in with your Ethereum account:\n0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\nURI: https://app.example\nVersion: 1\nChain ID: 1\nNonce: 0123456789abcdef\nIssued At: 2026-12-01T00:00:00.000Z',
              signature: `0x${'00'.repeat(65)}`,
            },
          }),
        },
      },
    },
  },
  responses: { 200: json(SessionSchema), ...errors(400, 401, 403, 413, 415, 429) },
});

const session = createRoute({
  method: 'get',
  path: '/session',
  summary: 'The current session',
  security: [{ session: [] }],
  responses: { 200: json(SessionSchema), ...errors(401, 429) },
});

const signout = createRoute({
  method: 'post',
  path: '/signout',
  summary: 'End the session',
  security: [{ session: [] }],
  responses: { 204: { description: 'Signed out' }, ...errors(401, 403, 429) },
});

/** `/auth`: nonces, Sign-In with Ethereum, the session, sign-out. */
export function authRoutes(ctx: AppContext) {
  const app = routeApp();
  const signedIn = [sessionMiddleware(ctx), requireSession];

  app.openapi(nonce, async (c) =>
    c.json((await ctx.service.auth.nonce()) satisfies NonceResponse, 201),
  );

  app.openapi(verify, async (c) => {
    const body = c.req.valid('json');
    const address = /\n(0x[0-9a-fA-F]{40})\n/.exec(body.message)?.[1];
    if (address)
      await ctx.service.limits.hit(`address:${address.toLowerCase()}`, ctx.config.rateLimitAddress);
    return c.json(await ctx.service.auth.signIn(body, c.req.header('origin')), 200);
  });

  app.openapi({ ...session, middleware: signedIn }, async (c) =>
    c.json({ token: bearerToken(c.req.header('authorization'))!, ...c.get('session') }, 200),
  );

  app.openapi({ ...signout, middleware: signedIn }, async (c) => {
    await ctx.service.auth.signOut(bearerToken(c.req.header('authorization'))!);
    return c.body(null, 204);
  });

  return app;
}
