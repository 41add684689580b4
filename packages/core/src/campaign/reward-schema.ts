// The reward kinds beyond `credential` (badge, token, allowlist): their fields and the checks
// across the campaign. Loaded with validation only for campaigns that have such rewards (it
// brings keccak, for address checksums); see `RewardChecks` in ./schema.ts.
import { addressChecksumProblem } from './address.js';
import type { Campaign, Reward, RewardKind, Tier } from './campaign.js';
import { MAX_TOKEN_AMOUNT, tierPoints } from './reward.js';
import {
  type Check,
  id,
  int,
  isObject,
  object,
  optional,
  type RewardChecks,
  type Shape,
  str,
  text,
} from './schema.js';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ZERO_ADDRESS = /^0x0{40}$/;
const address = str((s) =>
  !ADDRESS.test(s)
    ? 'must be an address: 0x and 40 hex digits'
    : ZERO_ADDRESS.test(s)
      ? 'must not be the zero address'
      : undefined,
);
/** A positive integer in base units, as a decimal string, at most uint256. */
const baseUnits = str((s) =>
  !/^[0-9]+$/.test(s)
    ? 'must be a whole number of base units written as a decimal string, such as "1500000"'
    : /^0+$/.test(s)
      ? 'must be more than 0'
      : s.startsWith('0')
        ? 'must not start with 0'
        : s.length > 78 || BigInt(s) > MAX_TOKEN_AMOUNT
          ? 'must be at most 2^256 - 1 (uint256)'
          : undefined,
);
const tokenAmount: Check = (value, path, issues) => {
  if (isObject(value)) return object({ perPoint: baseUnits })(value, path, issues);
  if (typeof value === 'string') return baseUnits(value, path, issues);
  issues.push({
    path,
    message: 'must be base units as a decimal string ("1500000") or { "perPoint": "…" }',
  });
};
const chainId = int(1, Number.MAX_SAFE_INTEGER, 'must be a positive chain id');
const rewardShapes: Record<Exclude<RewardKind, 'credential'>, Shape> = {
  badge: {
    chainId,
    contract: address,
    name: optional(text(128)),
    chainImage: optional(
      str((s) =>
        s.startsWith('https://') || s.startsWith('ipfs://')
          ? undefined
          : 'must be an https:// or ipfs:// URI (what QuestBadge accepts)',
      ),
    ),
  },
  token: {
    chainId,
    contract: address,
    token: object({ address, symbol: text(12), decimals: int(0, 36) }),
    amount: tokenAmount,
  },
  allowlist: { list: id },
};
/** Bytes of UTF-8 text. */
const utf8Length = (s: string) => new TextEncoder().encode(s).length;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const JSON_UNSAFE = /["\\\u0000-\u001f\u007f]/;

/**
 * A reward's checks across fields: its chain is listed, addresses are valid checksums, the
 * badge's name and image are what QuestBadge's on-chain metadata accepts, a token tier pays
 * something and at most uint256.
 */
function cross(tier: Tier, path: string, c: Campaign, add: (p: string, m: string) => void): void {
  const reward = tier.reward as Reward;
  if (reward.kind !== 'badge' && reward.kind !== 'token') return;
  if (!c.chains?.[String(reward.chainId)])
    add(`${path}.chainId`, `names chain ${reward.chainId}, which is not listed under "chains"`);
  const addresses: [string, string][] = [[`${path}.contract`, reward.contract]];
  if (reward.kind === 'token') addresses.push([`${path}.token.address`, reward.token.address]);
  for (const [at, value] of addresses) {
    const problem = addressChecksumProblem(value);
    if (problem) add(at, problem);
  }
  if (reward.kind === 'badge') {
    // QuestBadge.setTier puts name and image into its tokenURI JSON verbatim: it refuses
    // quotes, backslashes and control characters, names over 128 bytes and images that are not
    // https:// or ipfs:// up to 2048 bytes.
    const [namePath, name] =
      reward.name === undefined ? [`${path}.title`, reward.title] : [`${path}.name`, reward.name];
    if (JSON_UNSAFE.test(name))
      add(namePath, 'is the badge name on chain: it must not contain ", \\ or control characters');
    else if (utf8Length(name) > 128)
      add(namePath, 'is the badge name on chain: at most 128 bytes of UTF-8');
    // The image on chain is `chainImage`, else `image` (which the reward card shows either way).
    const [imagePath, image] =
      reward.chainImage === undefined
        ? [`${path}.image`, reward.image]
        : [`${path}.chainImage`, reward.chainImage];
    if (image !== undefined) {
      if (reward.chainImage === undefined && !image.startsWith('https://'))
        add(
          imagePath,
          'is the badge image on chain: it must be an https: URL (or give the on-chain one as chainImage)',
        );
      else if (JSON_UNSAFE.test(image) || utf8Length(image) > 2048)
        add(
          imagePath,
          'is the badge image on chain: at most 2048 bytes, without ", \\ or control characters',
        );
    }
  }
  if (reward.kind === 'token' && typeof reward.amount === 'object') {
    const points = tierPoints(tier);
    const total = BigInt(reward.amount.perPoint) * BigInt(points);
    if (points === 0)
      add(`${path}.amount.perPoint`, "pays nothing: this tier's tasks have no points");
    else if (total > MAX_TOKEN_AMOUNT)
      add(
        `${path}.amount.perPoint`,
        `times this tier's ${points} points is more than 2^256 - 1 (uint256)`,
      );
  }
}

/** The checks `validateCampaignWith` takes for the reward kinds beyond `credential`. */
export const rewardChecks: RewardChecks = {
  shape: (value, kind, base, path, issues) =>
    object({ ...base, ...rewardShapes[kind] })(value, path, issues),
  cross,
};
