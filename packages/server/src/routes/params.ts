// Path, query and body readers shared by the route modules (not a route itself).
import { getAddress, isAddress } from 'viem';
import { type Ctx, readJson } from '../context.js';
import { badRequest } from '../http-error.js';

const ID = /^[A-Za-z0-9_-]{1,100}$/;

export function campaignIdParam(c: Ctx): string {
  const id = c.req.param('id') ?? '';
  if (!ID.test(id))
    throw badRequest(`"${id.slice(0, 100)}" is not a campaign id (letters, digits, - and _).`);
  return id;
}

export function idParam(c: Ctx, name: 'taskId' | 'tierId'): string {
  const id = c.req.param(name) ?? '';
  if (!ID.test(id))
    throw badRequest(`"${id.slice(0, 100)}" is not a ${name === 'taskId' ? 'task' : 'tier'} id.`);
  return id;
}

export function addressParam(c: Ctx, name = 'address'): `0x${string}` {
  const raw = c.req.param(name) ?? '';
  if (!isAddress(raw, { strict: false }))
    throw badRequest(`"${raw.slice(0, 100)}" is not an address (0x and 40 hex digits).`);
  return getAddress(raw);
}

/** An optional id in the query string (`campaignId`, `taskId`). */
export function idQuery(c: Ctx, name: string): string | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  if (!ID.test(raw)) throw badRequest(`Query parameter "${name}" is not an id.`);
  return raw;
}

export function intQuery(c: Ctx, name: string, fallback: number, min: number, max: number): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw badRequest(`Query parameter "${name}" must be an integer from ${min} to ${max}.`);
  return Number(raw);
}

/** A JSON body is optional on verify/claim; when sent it must be an object. */
export async function optionalBody(c: Ctx): Promise<{ value: unknown; raw: string }> {
  const length = c.req.header('content-length');
  if ((length === undefined || length === '0') && !c.req.header('content-type'))
    return { value: {}, raw: '' };
  return readJson(c);
}
