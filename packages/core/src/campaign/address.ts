import { isAddress } from 'viem';

/**
 * Why an address is refused, beyond its shape (`0x` and 40 hex digits, checked by the schema
 * itself), or `undefined`: a mixed-case address must be a valid EIP-55 checksum (a typo in one
 * digit then shows); all-lowercase hex is accepted as written. Needs keccak,
 * so browsers load it only for campaigns with on-chain rewards (`parseCampaignLazily`).
 */
export function addressChecksumProblem(address: string): string | undefined {
  return isAddress(address, { strict: true })
    ? undefined
    : 'is not a valid EIP-55 checksum (mixed case must match it): copy the address again, or write it all lowercase';
}
