// Loaded only when the dev wallet is used: secp256k1 and keccak stay out of the base bundle.
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

export { generatePrivateKey, privateKeyToAccount };
