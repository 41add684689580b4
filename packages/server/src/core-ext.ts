// Core modules owned by the server engineer that @questboard/core's index does not export yet.
// When the lead adds them to packages/core/src/index.ts, import them from '@questboard/core' here.
export {
  type CredentialCheck,
  credentialSchemaUid,
  signCredential,
  verifyCredential,
} from '../../core/src/credential.js';
export type * from '../../core/src/protocol.js';
export {
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_LEADERBOARD_LIMIT,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
} from '../../core/src/protocol.js';
export { siweFailureReason, verifySiwe } from '../../core/src/siwe.js';
