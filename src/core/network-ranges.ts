import ipaddr from 'ipaddr.js';

/**
 * Trusted-network ranges, validated strictly and compiled once into sorted, merged
 * intervals per family. A check is one address parse plus a binary search, so it costs
 * the same at 10 ranges as at 10,000 (a loop over ipaddr.js `match` grows linearly).
 */
export interface NetworkMatcher {
  /** True when `address` (Express's `req.ip`) lies in a range. Anything unparsable never matches. */
  matches(address: string | undefined): boolean;
  readonly size: number;
}

interface Interval<T> {
  lo: T;
  hi: T;
}

/**
 * Strict dotted quad: four decimal octets, no leading zeros (which some parsers read as
 * octal). Hand-rolled over char codes: this runs on every check and must stay well under 1 µs.
 */
function parseV4(text: string, from = 0): number | null {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let leadingZero = false;
  for (let i = from; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (leadingZero) return null;
      if (digits === 0 && c === 48) leadingZero = true;
      octet = octet * 10 + (c - 48);
      digits += 1;
      if (digits > 3 || octet > 255) return null;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots += 1;
      leadingZero = false;
    } else {
      return null;
    }
  }
  if (digits === 0 || dots !== 3) return null;
  return value * 256 + octet;
}

const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** Groups of one side of `::`; only the last side may end in a dotted quad (two groups). */
function readGroups(part: string, mayEndInV4: boolean): number[] | null {
  if (part === '') return [];
  const pieces = part.split(':');
  const groups: number[] = [];
  for (let i = 0; i < pieces.length; i += 1) {
    const piece = pieces[i]!;
    if (HEX_GROUP.test(piece)) {
      groups.push(parseInt(piece, 16));
    } else if (mayEndInV4 && i === pieces.length - 1) {
      const v4 = parseV4(piece);
      if (v4 === null) return null;
      groups.push(Math.floor(v4 / 65_536), v4 % 65_536);
    } else {
      return null;
    }
  }
  return groups;
}

/**
 * Strict IPv6 text to its 128-bit value: hex groups, at most one `::`, an optional dotted
 * quad in the last 32 bits, no zone. Hand-written because ipaddr.js 2.5 reads
 * `::127.0.0.1` (IPv4-compatible) as `::ffff:127.0.0.1` (IPv4-mapped) and embedded quads
 * leniently (`::ffff:010.0.0.1`), which would let a v6 spelling match an IPv4 range.
 */
function parseV6(text: string): bigint | null {
  if (text.length > 45) return null;
  const double = text.indexOf('::');
  let groups: number[] | null;
  if (double === -1) {
    groups = readGroups(text, true);
    if (!groups || groups.length !== 8) return null;
  } else {
    if (text.indexOf('::', double + 1) !== -1) return null;
    const left = readGroups(text.slice(0, double), false);
    const right = readGroups(text.slice(double + 2), true);
    if (!left || !right || left.length + right.length > 7) return null;
    groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  }
  return v6ToBigInt(groups);
}

const MAPPED_PREFIX = /^(?:0{1,4}:){5}ffff:|^::ffff:/i;
/** ::ffff:0:0/96 — the only IPv6 addresses that stand for IPv4 ones (RFC 4291 §2.5.5.2). */
const MAPPED_HIGH_BITS = 0xffffn;

function v6ToBigInt(parts: number[]): bigint {
  let value = 0n;
  for (const part of parts) value = (value << 16n) | BigInt(part);
  return value;
}

type Parsed = { family: 4; value: number } | { family: 6; value: bigint };

/**
 * Parses a client address. Only IPv4-mapped IPv6 (`::ffff:a.b.c.d`, in any spelling)
 * becomes IPv4; IPv4-compatible `::a.b.c.d` (deprecated) stays IPv6 and never matches an
 * IPv4 range, whichever way it is written.
 */
export function parseAddress(text: string | undefined): Parsed | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return null;
  const v4 = parseV4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  if (!text.includes(':')) return null;
  // The common mapped spelling (Node's dual-stack sockets): no general IPv6 parse needed.
  const mapped = MAPPED_PREFIX.exec(text);
  if (mapped) {
    const inner = parseV4(text, mapped[0].length);
    if (inner !== null) return { family: 4, value: inner };
  }
  const v6 = parseV6(text);
  if (v6 === null) return null;
  if (v6 >> 32n === MAPPED_HIGH_BITS) return { family: 4, value: Number(v6 & 0xffff_ffffn) };
  return { family: 6, value: v6 };
}

/** A configured entry that is not a range; `maxPrefix` when only its prefix is too long. */
export class RangeProblem extends Error {
  constructor(message: string, readonly maxPrefix?: 32 | 128) {
    super(message);
  }
}

/**
 * Validates one configured entry: `a.b.c.d/n`, an IPv6 CIDR, or a single address. Throws
 * a message naming the entry; no octal, hex or short IPv4 forms, prefixes within range.
 */
export function parseRange(entry: unknown): { family: 4; lo: number; hi: number } | { family: 6; lo: bigint; hi: bigint } {
  if (typeof entry !== 'string') throw new Error(`${JSON.stringify(entry) ?? String(entry)} is not a string`);
  const pieces = entry.trim().split('/');
  if (pieces.length > 2) throw new Error(`"${entry}" has more than one "/"`);
  const [address = '', prefixText] = pieces;
  if (prefixText !== undefined && !/^(0|[1-9]\d{0,2})$/.test(prefixText)) {
    throw new Error(`"${entry}" has a prefix length that is not a plain number`);
  }
  if (!address.includes(':')) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(address) || parseV4(address) === null) {
      throw new Error(`"${entry}" is not a dotted-decimal IPv4 range (write all four octets in decimal without leading zeros, like "10.1.0.0/16")`);
    }
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (prefix > 32) throw new RangeProblem(`"${entry}" has prefix /${prefix}; IPv4 prefixes go from /0 to /32`, 32);
    const size = 2 ** (32 - prefix);
    const lo = Math.floor(parseV4(address)! / size) * size;
    return { family: 4, lo, hi: lo + size - 1 };
  }
  const v6 = parseV6(address);
  if (v6 === null) throw new Error(`"${entry}" is not a valid IPv6 range`);
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  if (prefix > 128) throw new RangeProblem(`"${entry}" has prefix /${prefix}; IPv6 prefixes go from /0 to /128`, 128);
  // `::ffff:10.0.0.0/104` means an IPv4 range, and mapped client addresses are matched as IPv4.
  if (v6 >> 32n === MAPPED_HIGH_BITS && prefix >= 96) {
    const size = 2 ** (128 - prefix);
    const lo = Math.floor(Number(v6 & 0xffff_ffffn) / size) * size;
    return { family: 4, lo, hi: lo + size - 1 };
  }
  const hostBits = BigInt(128 - prefix);
  const lo = (v6 >> hostBits) << hostBits;
  return { family: 6, lo, hi: lo + (1n << hostBits) - 1n };
}

function merge<T extends number | bigint>(intervals: Interval<T>[], next: (value: T) => T): { los: T[]; his: T[] } {
  intervals.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const los: T[] = [];
  const his: T[] = [];
  for (const { lo, hi } of intervals) {
    const last = his.length - 1;
    // Adjacent or overlapping: extend the previous interval (hi + 1 >= lo).
    if (last >= 0 && lo <= next(his[last]!)) {
      if (hi > his[last]!) his[last] = hi;
    } else {
      los.push(lo);
      his.push(hi);
    }
  }
  return { los, his };
}

function inIntervals<T extends number | bigint>(los: T[], his: T[], value: T): boolean {
  let low = 0;
  let high = los.length - 1;
  // The last interval starting at or before `value`.
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (los[mid]! <= value) low = mid + 1;
    else high = mid - 1;
  }
  return high >= 0 && value <= his[high]!;
}

/** Validates every entry (all problems reported together) and compiles the matcher. */
export function compileNetworks(entries: readonly unknown[]): NetworkMatcher {
  const v4: Interval<number>[] = [];
  const v6: Interval<bigint>[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    try {
      const range = parseRange(entry);
      if (range.family === 4) v4.push(range);
      else v6.push(range);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new Error(problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : ''));
  const a = merge(v4, (x) => x + 1);
  const b = merge(v6, (x) => x + 1n);
  return {
    size: entries.length,
    matches(address) {
      const parsed = parseAddress(address);
      if (!parsed) return false;
      return parsed.family === 4 ? inIntervals(a.los, a.his, parsed.value) : inIntervals(b.los, b.his, parsed.value);
    },
  };
}
