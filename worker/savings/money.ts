/**
 * Money arithmetic for the savings ledger (pure): integer micro-dollars, never floats.
 *
 * Owns: the one accrual rule (whole seconds × micro-dollars per hour ÷ 3600, floored), the
 * rounding of micro-dollars to cents, and the check that a value is a usable hourly price.
 *
 * Never: uses floating-point division on money, rounds anywhere else than here, or does I/O.
 *
 * Why floor on cumulative seconds: `accruedMicros(s, p)` is the amount an interval has saved after
 * `s` whole seconds. A part of an interval (one local day) is `accruedMicros(end) -
 * accruedMicros(start)` with both counted from the interval's own start, so the parts of an
 * interval always add up exactly to the whole, whatever the day boundaries.
 */

export const SECONDS_PER_HOUR = 3600;

/** A price the ledger can use: a non-negative safe integer of micro-dollars per hour. */
export function isHourlyMicros(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Micro-dollars accrued after `seconds` whole seconds at `hourlyMicros` per hour:
 * floor(seconds × hourlyMicros / 3600), computed exactly (BigInt when the product would leave the
 * safe-integer range).
 */
export function accruedMicros(seconds: number, hourlyMicros: number): number {
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new RangeError(`seconds must be a non-negative integer, got ${seconds}`);
  if (!isHourlyMicros(hourlyMicros)) throw new RangeError(`hourlyMicros must be a non-negative integer, got ${hourlyMicros}`);
  const hours = Math.floor(seconds / SECONDS_PER_HOUR);
  const rest = seconds - hours * SECONDS_PER_HOUR;
  const whole = hours * hourlyMicros;
  if (Number.isSafeInteger(whole)) {
    // rest < 3600 and hourlyMicros < 2^53 / 3600 keeps this product exact in practice; verify.
    const partial = rest * hourlyMicros;
    if (Number.isSafeInteger(partial)) {
      const total = whole + Math.floor(partial / SECONDS_PER_HOUR);
      if (Number.isSafeInteger(total)) return total;
    }
  }
  const big = (BigInt(seconds) * BigInt(hourlyMicros)) / BigInt(SECONDS_PER_HOUR);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("accrued amount exceeds the safe-integer range");
  return Number(big);
}

/**
 * Micro-dollars charged for `seconds` at `hourlyMicros` per hour, rounded UP (used for the AWS
 * billing-minimum penalty, so rounding never flatters the savings).
 */
export function chargedMicros(seconds: number, hourlyMicros: number): number {
  const floor = accruedMicros(seconds, hourlyMicros);
  const exact = BigInt(seconds) * BigInt(hourlyMicros);
  return exact % BigInt(SECONDS_PER_HOUR) === 0n ? floor : floor + 1;
}

/** Micro-dollars to cents, half away from zero (sum micro-dollars first, convert once). */
export function microsToCents(micros: number): number {
  if (!Number.isSafeInteger(micros)) throw new RangeError(`micros must be an integer, got ${micros}`);
  const sign = micros < 0 ? -1 : 1;
  const abs = Math.abs(micros);
  const cents = Math.floor(abs / 10_000) + (abs % 10_000 >= 5_000 ? 1 : 0);
  return sign * cents || 0;
}
