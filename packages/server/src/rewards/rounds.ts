/**
 * Distribution rounds for `QuestDrop`: a round is a `StandardMerkleTree` (from
 * `@openzeppelin/merkle-tree`) over `[account, cumulativeAmount]` leaves, the encoding the
 * contract verifies. Building is deterministic: rows are checksummed, rows of one address are
 * added together, zero amounts are left out and entries are sorted by address, so the same
 * ledger always gives the same root and the same dump (closing a round twice is a no-op).
 * Pure functions; the lead wires them into the admin API.
 */
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { questDropLeafEncoding } from '@questboard/contracts';
import { QuestError, type ValidationIssue } from '@questboard/core';
import { type Address, getAddress, type Hex, isAddress, maxUint256 } from 'viem';

/** One ledger row: an address (any case; mixed case must be a valid checksum) and an amount. */
export interface RoundRow {
  address: string;
  /** Token base units: a bigint or a decimal string. */
  amount: bigint | string;
}

/** One leaf of a round: a checksummed address and its cumulative amount. */
export interface RoundEntry {
  address: Address;
  amount: bigint;
}

/** A leaf's value in the tree: `[address, amount as a decimal string]` (JSON-safe). */
export type RoundLeaf = [Address, string];

/** The tree dump `StandardMerkleTree.dump()` gives: what is stored and served as JSON. */
export type RoundDump = ReturnType<StandardMerkleTree<RoundLeaf>['dump']>;

export interface Round {
  /** The merkle root to publish with `QuestDrop.publishRoot`. */
  root: Hex;
  /** Entries sorted by address (lowercase hex order). */
  entries: readonly RoundEntry[];
  /** Sum of all amounts: what the drop must hold for everyone to claim this round in full. */
  total: bigint;
  tree: StandardMerkleTree<RoundLeaf>;
  /** Lowercase address → the entry's index in `tree`. */
  index: ReadonlyMap<string, number>;
}

/** What an account passes to `QuestDrop.claim(cumulativeAmount, proof)`. */
export interface RoundProof {
  address: Address;
  amount: bigint;
  proof: Hex[];
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function parseAmount(value: unknown): bigint | string {
  if (typeof value === 'bigint') {
    if (value < 0n) return 'must not be negative';
  } else if (typeof value === 'string') {
    if (!DECIMAL.test(value))
      return `must be a decimal integer string, not "${value.slice(0, 80)}"`;
    value = BigInt(value);
  } else {
    return `must be a bigint or a decimal string, not ${typeof value}`;
  }
  if ((value as bigint) > maxUint256) return 'exceeds uint256';
  return value as bigint;
}

function bad(message: string, issues: ValidationIssue[]): QuestError {
  return new QuestError('BAD_REQUEST', message, { issues });
}

function fromTree(tree: StandardMerkleTree<RoundLeaf>): Round {
  const index = new Map<string, number>();
  const entries: RoundEntry[] = [];
  let total = 0n;
  for (const [i, [address, amount]] of tree.entries()) {
    index.set(address.toLowerCase(), i);
    entries.push({ address, amount: BigInt(amount) });
    total += BigInt(amount);
  }
  entries.sort((a, b) => (a.address.toLowerCase() < b.address.toLowerCase() ? -1 : 1));
  return { root: tree.root as Hex, entries, total, tree, index };
}

/**
 * Builds a round from ledger rows. Throws a `BAD_REQUEST` QuestError naming every bad row
 * (`rows[3].amount: …`) and changes nothing; also when no address has a positive amount.
 */
export function buildRound(rows: Iterable<RoundRow>): Round {
  const issues: ValidationIssue[] = [];
  const sums = new Map<string, { address: Address; amount: bigint }>();
  let i = 0;
  for (const row of rows) {
    const at = `rows[${i++}]`;
    if (typeof row !== 'object' || row === null) {
      issues.push({ path: at, message: 'must be an object { address, amount }' });
      continue;
    }
    const amount = parseAmount(row.amount);
    if (typeof amount === 'string') issues.push({ path: `${at}.amount`, message: amount });
    if (typeof row.address !== 'string' || !isAddress(row.address)) {
      issues.push({
        path: `${at}.address`,
        message: `must be an address (0x and 40 hex digits, mixed case only as a valid checksum), not ${JSON.stringify(row.address)?.slice(0, 80)}`,
      });
      continue;
    }
    if (typeof amount === 'string') continue;
    const key = row.address.toLowerCase();
    const prev = sums.get(key);
    sums.set(key, {
      address: prev?.address ?? getAddress(row.address),
      amount: (prev?.amount ?? 0n) + amount,
    });
  }
  for (const [key, { amount }] of sums) {
    if (amount > maxUint256)
      issues.push({ path: key, message: 'the rows of this address add up to more than uint256' });
  }
  if (issues.length) throw bad('The round has bad rows: nothing was built.', issues);
  const values: RoundLeaf[] = [...sums.entries()]
    .filter(([, e]) => e.amount > 0n)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, e]) => [e.address, e.amount.toString()]);
  if (values.length === 0)
    throw bad('A round needs at least one address with a positive amount.', []);
  return fromTree(StandardMerkleTree.of(values, [...questDropLeafEncoding]));
}

/**
 * A round from a stored dump. Checks the format, the leaf encoding, every leaf's address and
 * amount, and that the tree's hashes are consistent, so a corrupted dump is never served.
 */
export function loadRound(dump: RoundDump): Round {
  let tree: StandardMerkleTree<RoundLeaf>;
  try {
    if (JSON.stringify(dump?.leafEncoding) !== JSON.stringify(questDropLeafEncoding))
      throw new Error(`the leaf encoding must be ${JSON.stringify(questDropLeafEncoding)}`);
    tree = StandardMerkleTree.load(dump);
    tree.validate();
    for (const [, [address, amount]] of tree.entries()) {
      if (!isAddress(address) || address !== getAddress(address))
        throw new Error(`${address} is not a checksummed address`);
      if (typeof amount !== 'string' || !DECIMAL.test(amount))
        throw new Error(`${amount} is not a decimal amount`);
    }
  } catch (error) {
    throw new QuestError(
      'STORAGE_CORRUPT',
      'The stored round dump is not a valid QuestDrop tree.',
      {
        details: error instanceof Error ? error.message : String(error),
        cause: error,
      },
    );
  }
  return fromTree(tree);
}

/** The proof an address claims this round with, or `undefined` when it is not in the round. */
export function roundProof(round: Round, address: string): RoundProof | undefined {
  if (!isAddress(address, { strict: false })) return undefined;
  const i = round.index.get(address.toLowerCase());
  if (i === undefined) return undefined;
  const [account, amount] = round.tree.at(i)!;
  return { address: account, amount: BigInt(amount), proof: round.tree.getProof(i) as Hex[] };
}

/** The round as CSV: a header `address,amount`, then one checksummed row per address, sorted. */
export function roundCsv(round: Round): string {
  return `address,amount\n${round.entries.map((e) => `${e.address},${e.amount}\n`).join('')}`;
}

/** The JSON-safe tree dump (`StandardMerkleTree.dump()`), loadable with {@link loadRound}. */
export function roundDump(round: Round): RoundDump {
  return round.tree.dump();
}
