import type { Campaign, Session } from '@questboard/core';

/** The reference server the test runner started (see web-test-runner.config.mjs). */
export interface TestServer {
  url: string;
  adminKey: string;
}

let server: Promise<TestServer> | undefined;

export function questServer(): Promise<TestServer> {
  server ??= fetch('/__server.json').then((r) => r.json() as Promise<TestServer>);
  return server;
}

/** Creates `campaign` on the server (admin API), allowed on this page's origin. */
export async function createCampaign(campaign: Campaign): Promise<TestServer> {
  const s = await questServer();
  const response = await fetch(`${s.url}/campaigns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...campaign, origins: [location.origin] }),
  });
  if (response.status !== 201)
    throw new Error(`creating ${campaign.id}: HTTP ${response.status} ${await response.text()}`);
  return s;
}

/** Ends a session at the server, as a revocation (or an expiry, a restart) would. */
export async function revoke(session: Session): Promise<void> {
  const s = await questServer();
  const response = await fetch(`${s.url}/auth/signout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}` },
  });
  if (response.status !== 204) throw new Error(`revoking: HTTP ${response.status}`);
}

/** Whether the server still accepts a session's token. */
export async function sessionKnown(session: Session): Promise<boolean> {
  const s = await questServer();
  const response = await fetch(`${s.url}/auth/session`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  return response.ok;
}

/** The progress the server holds for an address. */
export async function serverProgress(campaignId: string, address: string) {
  const s = await questServer();
  const response = await fetch(`${s.url}/campaigns/${campaignId}/progress/${address}`);
  return (await response.json()) as { completed: Record<string, unknown> };
}
