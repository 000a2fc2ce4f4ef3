// Money on the policy pages: amounts travel as decimal strings in yuan ("1234.50"); sums and
// differences are done in whole fen (BigInt), never in floating point.

/** "1234.5" / "1234" / "-0.05" → fen; null when the text is not an amount with at most two decimals. */
export function toFen(value: string | null | undefined): bigint | null {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec((value ?? '').trim());
  if (!m) return null;
  const fen = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -fen : fen;
}

/** Fen → "1234.50". */
export function fromFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** The amount with exactly two decimals ("1234.5" → "1234.50"); other text unchanged. */
export function twoDecimals(value: string): string {
  const fen = toFen(value);
  return fen === null ? value : fromFen(fen);
}

/** a + b + …; null when any is not an amount. */
export function sumMoney(...values: (string | null | undefined)[]): string | null {
  let total = 0n;
  for (const v of values) {
    const fen = toFen(v);
    if (fen === null) return null;
    total += fen;
  }
  return fromFen(total);
}

/** Whether `value` is a positive amount with at most two decimals. */
export function isPositiveAmount(value: string | null | undefined): boolean {
  const fen = toFen(value);
  return fen !== null && fen > 0n;
}
