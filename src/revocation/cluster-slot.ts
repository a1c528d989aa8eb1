/**
 * Which Redis Cluster slot a key (or a sharded channel) hashes to, to find the master a
 * sharded subscriber must connect to without asking the cluster (`CLUSTER KEYSLOT`) first.
 */

/** CRC16/XMODEM of the hash tag, mod 16384: the Cluster key slot (the Redis Cluster spec's algorithm). */
export function slotOf(key: string): number {
  const open = key.indexOf('{');
  let tagged = key;
  if (open !== -1) {
    const end = key.indexOf('}', open + 1);
    if (end > open + 1) tagged = key.slice(open + 1, end);
  }
  let crc = 0;
  for (const byte of Buffer.from(tagged, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}
