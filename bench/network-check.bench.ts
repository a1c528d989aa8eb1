/**
 * Time per trusted-network check: our compiled matcher against a plain loop over
 * ipaddr.js `match`, in the same run, for 10, 1,000 and 10,000 ranges.
 * Run: node --import tsx bench/network-check.bench.ts
 */
import ipaddr from 'ipaddr.js';
import { compileNetworks } from '../src/core/network-ranges.js';

function ranges(count: number): string[] {
  const list: string[] = [];
  // Spread /24s over 10.0.0.0/8 and 172.16.0.0/12 so they never merge into one interval.
  for (let i = 0; list.length < count; i += 1) {
    const second = (i * 7) % 256;
    const third = (i * 13) % 256;
    list.push(i % 2 === 0 ? `10.${second}.${third}.0/24` : `172.${16 + (i % 16)}.${third}.0/24`);
  }
  return list;
}

function addresses(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const a = [10, 172, 192, 8][i % 4];
    out.push(i % 5 === 0 ? `::ffff:${a}.${(i * 31) % 256}.${(i * 17) % 256}.${i % 256}` : `${a}.${(i * 31) % 256}.${(i * 17) % 256}.${i % 256}`);
  }
  return out;
}

function microsPerCall(iterations: number, check: (address: string) => boolean, addrs: string[]): number {
  let hits = 0;
  for (let i = 0; i < Math.min(iterations, 2000); i += 1) if (check(addrs[i % addrs.length]!)) hits += 1; // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) if (check(addrs[i % addrs.length]!)) hits += 1;
  const elapsedNs = Number(process.hrtime.bigint() - start);
  if (hits < 0) console.log(hits);
  return elapsedNs / iterations / 1000;
}

const addrs = addresses(1024);
console.log('ranges   compiled µs/check   ipaddr.js loop µs/check   ratio');
for (const count of [10, 1_000, 10_000]) {
  const list = ranges(count);
  const matcher = compileNetworks(list);
  const parsed = list.map((cidr) => ipaddr.parseCIDR(cidr));
  const plain = (address: string) => {
    let ip: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      ip = ipaddr.process(address);
    } catch {
      return false;
    }
    for (const range of parsed) if (ip.kind() === range[0].kind() && ip.match(range)) return true;
    return false;
  };
  // Same answers, or the comparison means nothing.
  for (const a of addrs) if (matcher.matches(a) !== plain(a)) throw new Error(`disagreement on ${a}`);
  const ours = microsPerCall(200_000, (a) => matcher.matches(a), addrs);
  const theirs = microsPerCall(Math.max(200, Math.floor(2_000_000 / count)), plain, addrs);
  console.log(`${String(count).padStart(6)}   ${ours.toFixed(3).padStart(17)}   ${theirs.toFixed(3).padStart(23)}   ${(theirs / ours).toFixed(1).padStart(5)}x`);
}
