import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from './context.js';
import { ERROR_STATUSES, ErrorSchema } from './routes/schemas.js';

/**
 * The document-level parts of `GET /openapi.json` (info, security schemes, the shared error
 * responses). The paths come from the routes' own `createRoute` definitions, the same schemas
 * that validate each request.
 */
export function registerOpenApiComponents(app: OpenAPIHono<Env>): void {
  const registry = app.openAPIRegistry;
  registry.register('Error', ErrorSchema);
  registry.registerComponent('securitySchemes', 'session', {
    type: 'http',
    scheme: 'bearer',
    description: 'Token from POST /auth/verify',
  });
  registry.registerComponent('securitySchemes', 'admin', {
    type: 'http',
    scheme: 'bearer',
    description: 'QUESTBOARD_ADMIN_KEY',
  });
  for (const [status, description] of Object.entries(ERROR_STATUSES))
    registry.registerComponent('responses', `E${status}`, {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
}

/** The OpenAPI 3.1 document of `app` (every route mounted), as served at `GET /openapi.json`. */
export function openApiDocument(app: OpenAPIHono<Env>, version: string) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Questboard protocol',
      version,
      description:
        'Authoritative verification, sessions (Sign-In with Ethereum → bearer token), progress, claims, leaderboard, ' +
        'funnel and EAS-shaped credentials. Errors are `{ error: { code, message, details?, issues?, retryable?, retryAfter? } }`. ' +
        'No cookies: send `Authorization: Bearer <token>`.',
      // OpenAPI 3.1 has `identifier` (an SPDX id); the generator's type is 3.0's.
      license: { name: 'MIT', identifier: 'MIT' } as { name: string },
    },
  });
}
