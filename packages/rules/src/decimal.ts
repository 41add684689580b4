/** An exact decimal: `m / 10^s`. */
interface Decimal {
  m: bigint;
  s: number;
}

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

function parse(text: string): Decimal | undefined {
  if (text.length > 200) return undefined;
  const m = NUMBER_TEXT.exec(text);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const exp = m[4] ? Number(m[4]) : 0;
  if (Math.abs(exp) > 400) return undefined;
  let mant = BigInt(m[2]! + frac);
  let scale = frac.length - exp;
  if (scale < 0) {
    mant *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { m: m[1] === '-' ? -mant : mant, s: scale };
}

/** A number, bigint or decimal string as an exact decimal; `undefined` when it is not numeric. */
export function toDecimal(value: unknown): Decimal | undefined {
  if (typeof value === 'bigint') return { m: value, s: 0 };
  if (typeof value === 'number') return Number.isFinite(value) ? parse(String(value)) : undefined;
  if (typeof value === 'string') return parse(value);
  return undefined;
}

/** Compares two exact decimals: -1, 0 or 1. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const s = Math.max(a.s, b.s);
  const x = a.m * 10n ** BigInt(s - a.s);
  const y = b.m * 10n ** BigInt(s - b.s);
  return x < y ? -1 : x > y ? 1 : 0;
}
