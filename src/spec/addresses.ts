// IPv6 text forms: the emulator allocates and compares addresses with them, and the providers compare a declared
// address with the one the API reports (RFC 5952 canonical form), so that "2408:4005:3a1:d01:0:0:0:10" and
// "2408:4005:3a1:d01::10" are the same address.

export function parseIpv6(ip: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(ip) || ip.split("::").length > 2) return undefined;
  const [head, tail] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  if (tail === undefined && h.length !== 8) return undefined;
  if (tail !== undefined && h.length + t.length > 7) return undefined;
  const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) + BigInt(parseInt(g, 16));
  }
  return n;
}

export function formatIpv6(n: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

export const normaliseIpv6 = (ip: string): string => {
  const n = parseIpv6(ip);
  return n === undefined ? ip : formatIpv6(n);
};
