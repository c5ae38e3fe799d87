// Where scenario traffic comes from: residential addresses per country, hosting-provider /16s
// (VPN exits and datacenter proxies), carrier-grade NAT pools, campus and office gateways.
// Addresses are written as text, the way an API edge logs them.
import { integerBetween, pick, type RandomSource } from './random-helpers.js';

export interface CountryProfile {
  readonly country: string;
  /** Offset of local time from UTC in hours, for the daily rhythm. */
  readonly utcOffset: number;
  readonly weight: number;
  /** First octets of consumer ISP ranges in that country. */
  readonly residentialOctets: readonly number[];
}

export const COUNTRIES: readonly CountryProfile[] = [
  { country: 'US', utcOffset: -6, weight: 30, residentialOctets: [24, 67, 71, 73, 76, 98, 99, 108, 174] },
  { country: 'GB', utcOffset: 0, weight: 6, residentialOctets: [2, 5, 31, 81, 86] },
  { country: 'DE', utcOffset: 1, weight: 6, residentialOctets: [79, 84, 87, 91, 93] },
  { country: 'FR', utcOffset: 1, weight: 4, residentialOctets: [78, 82, 90, 92] },
  { country: 'IN', utcOffset: 5, weight: 10, residentialOctets: [49, 59, 103, 106, 117, 122] },
  { country: 'BR', utcOffset: -3, weight: 5, residentialOctets: [177, 179, 186, 187, 189, 191] },
  { country: 'JP', utcOffset: 9, weight: 4, residentialOctets: [60, 61, 114, 126, 133] },
  { country: 'KR', utcOffset: 9, weight: 3, residentialOctets: [1, 14, 58, 112, 121] },
  { country: 'CA', utcOffset: -5, weight: 3, residentialOctets: [70, 142, 184] },
  { country: 'AU', utcOffset: 10, weight: 2, residentialOctets: [101, 120, 124] },
  { country: 'MX', utcOffset: -6, weight: 2, residentialOctets: [187, 189, 201] },
  { country: 'NG', utcOffset: 1, weight: 2, residentialOctets: [41, 102, 105, 197] },
  { country: 'ES', utcOffset: 1, weight: 2, residentialOctets: [80, 83, 88] },
  { country: 'ID', utcOffset: 7, weight: 3, residentialOctets: [36, 110, 180, 182] },
  { country: 'VN', utcOffset: 7, weight: 2, residentialOctets: [27, 113, 115, 171] },
  { country: 'SG', utcOffset: 8, weight: 1, residentialOctets: [42, 116, 118, 175] },
];

/** /16s of hosting providers: VPN exits, cloud VMs and datacenter proxies all live here. */
const HOSTING_PREFIXES: readonly (readonly [number, number])[] = [
  [45, 76],
  [45, 77],
  [104, 131],
  [104, 236],
  [138, 68],
  [139, 59],
  [142, 93],
  [143, 198],
  [157, 245],
  [159, 65],
  [159, 89],
  [161, 35],
  [164, 90],
  [165, 22],
  [167, 71],
  [167, 99],
  [178, 62],
  [188, 166],
  [192, 241],
  [206, 189],
  [209, 97],
  [64, 225],
  [66, 42],
  [95, 179],
];
const CARRIER_PREFIXES: readonly (readonly [number, number])[] = [
  [172, 56],
  [172, 58],
  [107, 77],
  [174, 202],
  [100, 128],
  [117, 96],
];
const CAMPUS_PREFIXES: readonly (readonly [number, number])[] = [
  [128, 32],
  [129, 97],
  [130, 126],
  [18, 9],
  [141, 211],
  [155, 198],
];
const OFFICE_OCTETS = [12, 63, 65, 66, 68, 96, 199, 204, 208, 216];

export function ipv4Text(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

const host = (rng: RandomSource) => integerBetween(1, 254, rng);
const octet = (rng: RandomSource) => integerBetween(0, 255, rng);

/** A /24 as the number of its first address, so hosts inside it are `base + 1..254`. */
export type Subnet24 = number;

const subnetOf = (first: number, second: number, third: number): Subnet24 => ((first << 24) | (second << 16) | (third << 8)) >>> 0;

export function addressInSubnet(subnet: Subnet24, rng: RandomSource): string {
  return ipv4Text(subnet + host(rng));
}

export function residentialAddress(profile: CountryProfile, rng: RandomSource): string {
  return ipv4Text(subnetOf(pick(profile.residentialOctets, rng), octet(rng), octet(rng)) + host(rng));
}

/** A home IPv6 address in its own /48, written compressed (`2a02:1f3c:9a0b:7d21::5c`). */
export function residentialAddressV6(rng: RandomSource): string {
  const group = () => integerBetween(0x1000, 0xffff, rng).toString(16);
  return `${pick(['2a02', '2600', '2001', '2405', '2804'], rng)}:${group()}:${group()}:${group()}::${integerBetween(1, 0xfff, rng).toString(16)}`;
}

export function hostingSubnet(rng: RandomSource): Subnet24 {
  const [first, second] = pick(HOSTING_PREFIXES, rng);
  return subnetOf(first, second, octet(rng));
}

/** A few public addresses inside one /24: what a carrier NAT, a campus or an office shows. */
export function gatewayAddresses(kind: 'carrier' | 'campus' | 'office', count: number, rng: RandomSource): string[] {
  const subnet =
    kind === 'office'
      ? subnetOf(pick(OFFICE_OCTETS, rng), octet(rng), octet(rng))
      : (([first, second]) => subnetOf(first, second, octet(rng)))(pick(kind === 'carrier' ? CARRIER_PREFIXES : CAMPUS_PREFIXES, rng));
  const addresses = new Set<string>();
  while (addresses.size < count) addresses.add(addressInSubnet(subnet, rng));
  return [...addresses];
}
