import type { Address } from '@questboard/core';

/** The signed-in wallet of a request: the address and chain named in its SIWE message. */
export interface AuthedSession {
  address: Address;
  chainId: number;
  expiresAt: string;
}
