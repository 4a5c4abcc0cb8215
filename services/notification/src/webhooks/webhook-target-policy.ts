import { lookup as lookupHost } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { NotificationConfig } from '../notification-config';

/**
 * Address ranges a webhook may not reach in production. Without this an admin, or anyone holding
 * an admin's token, could subscribe http://169.254.169.254/… or http://postgres:5432 and read the
 * delivery log (status, duration, error) and `resend` as a scanner of the cluster's network.
 * `private` and `carrier-grade-nat` are where an in-cluster receiver lives (pod and service
 * addresses), so WEBHOOK_ALLOWED_PRIVATE_HOSTS opens those two, never the others.
 */
export type AddressCategory = 'loopback' | 'private' | 'carrier-grade-nat' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

interface CategoryRanges {
  category: AddressCategory;
  /** Indonesian first, English in parentheses, as the API's errors read. */
  words: { id: string; en: string };
  ipv4: [string, number][];
  ipv6: [string, number][];
}

// Order matters: ::1 and :: are named before the reserved ::/96 that contains them.
const RANGES: CategoryRanges[] = [
  { category: 'loopback', words: { id: 'alamat loopback', en: 'a loopback address' }, ipv4: [['127.0.0.0', 8]], ipv6: [['::1', 128]] },
  { category: 'unspecified', words: { id: 'alamat tak tertentu', en: 'an unspecified address' }, ipv4: [['0.0.0.0', 8]], ipv6: [['::', 128]] },
  {
    category: 'private',
    words: { id: 'alamat privat', en: 'a private address' },
    ipv4: [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]],
    // fec0::/10 is the deprecated site-local block: private in all but name.
    ipv6: [['fc00::', 7], ['fec0::', 10]],
  },
  { category: 'carrier-grade-nat', words: { id: 'alamat CGNAT', en: 'a carrier-grade NAT address' }, ipv4: [['100.64.0.0', 10]], ipv6: [] },
  { category: 'link-local', words: { id: 'alamat link-local', en: 'a link-local address' }, ipv4: [['169.254.0.0', 16]], ipv6: [['fe80::', 10]] },
  { category: 'multicast', words: { id: 'alamat multicast', en: 'a multicast address' }, ipv4: [['224.0.0.0', 4]], ipv6: [['ff00::', 8]] },
  // 240/4 holds the broadcast address; ::/96 is the deprecated IPv4-compatible form (::127.0.0.1).
  { category: 'reserved', words: { id: 'alamat cadangan', en: 'a reserved address' }, ipv4: [['240.0.0.0', 4]], ipv6: [['::', 96]] },
];

// node:net's BlockList also matches an IPv4-mapped IPv6 address (::ffff:127.0.0.1) against the IPv4 ranges.
const BLOCKS = RANGES.map((ranges) => {
  const block = new BlockList();
  for (const [network, prefix] of ranges.ipv4) block.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of ranges.ipv6) block.addSubnet(network, prefix, 'ipv6');
  return { ...ranges, block };
});

const IN_CLUSTER: ReadonlySet<AddressCategory> = new Set(['private', 'carrier-grade-nat']);

/** The category of a literal IP address the policy refuses, or null for a public one. */
export function restrictedCategoryOf(address: string): AddressCategory | null {
  const version = isIP(address);
  if (version === 0) throw new Error(`Not an IP address: ${address}`);
  return BLOCKS.find(({ block }) => block.check(address, version === 4 ? 'ipv4' : 'ipv6'))?.category ?? null;
}

export interface WebhookTargetRules {
  /** Only https:// URLs (production). */
  requireHttps: boolean;
  /** Every address may be reached (development and tests, whose receiver is on 127.0.0.1). */
  allowPrivateAddresses: boolean;
  /** Host names (or literal addresses) that may be private or CGNAT: an in-cluster receiver. */
  allowedPrivateHosts: readonly string[];
}

export type ResolveHost = (host: string) => Promise<readonly LookupAddress[]>;

const resolveEveryAddress: ResolveHost = (host) => lookupHost(host, { all: true, verbatim: true });

/** A webhook URL the policy refuses; carries no status code, as nothing was sent. */
export class WebhookTargetRefused extends Error {
  constructor(
    readonly rule: 'https' | 'address',
    message: string,
    readonly category?: AddressCategory,
  ) {
    super(message);
    this.name = 'WebhookTargetRefused';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Which webhook URLs may be subscribed and sent to (docs/decisions.md #150). Checked when an admin
 * subscribes or enables a URL, and again inside every connection: `lookup` resolves the host,
 * refuses it when any of its addresses is restricted, and hands the connection exactly the
 * addresses it checked, so a DNS answer that changes after the check (rebinding) is never dialled.
 */
export class WebhookTargetPolicy {
  private readonly allowedPrivateHosts: ReadonlySet<string>;

  constructor(
    readonly rules: WebhookTargetRules,
    private readonly resolve: ResolveHost = resolveEveryAddress,
  ) {
    this.allowedPrivateHosts = new Set(rules.allowedPrivateHosts.map(normalHost));
  }

  static fromConfig(config: NotificationConfig, resolve?: ResolveHost): WebhookTargetPolicy {
    const production = config.MCP_ENVIRONMENT === 'production';
    return new WebhookTargetPolicy(
      {
        requireHttps: production,
        allowPrivateAddresses: config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES ?? !production,
        allowedPrivateHosts: config.WEBHOOK_ALLOWED_PRIVATE_HOSTS,
      },
      resolve,
    );
  }

  /**
   * What can be told from the URL alone: the scheme, and a literal address (a connection never
   * looks a literal up, so `lookup` would not see it).
   */
  refusalOf(url: URL): WebhookTargetRefused | null {
    if (this.rules.requireHttps && url.protocol !== 'https:') {
      return new WebhookTargetRefused('https', 'URL webhook harus memakai https di lingkungan produksi (webhook URLs must use https in production)');
    }
    const host = hostOf(url);
    return isIP(host) === 0 ? null : this.addressRefusal(host, host);
  }

  /** The whole check for a URL an admin submits: the URL, then every address its host has now. */
  async check(url: URL): Promise<void> {
    const refused = this.refusalOf(url);
    if (refused) throw refused;
    const host = hostOf(url);
    if (this.rules.allowPrivateAddresses || isIP(host) !== 0) return;
    // A host that does not resolve yet is accepted: nothing is reachable through it now, and every
    // connection checks again.
    const addresses = await this.resolve(host).catch(() => []);
    for (const { address } of addresses) {
      const refusal = this.addressRefusal(host, address);
      if (refusal) throw refusal;
    }
  }

  /** For node:http(s) connections (`lookup` of an Agent): only checked addresses are dialled. */
  readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    this.checkedAddresses(hostname).then((addresses) => {
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
      const wanted = family === 4 || family === 6 ? addresses.filter((candidate) => candidate.family === family) : [...addresses];
      if (wanted.length === 0) {
        callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND', hostname }), []);
      } else if (options.all) {
        callback(null, wanted);
      } else {
        callback(null, wanted[0].address, wanted[0].family);
      }
    }, (error: NodeJS.ErrnoException) => callback(error, []));
  };

  private async checkedAddresses(hostname: string): Promise<readonly LookupAddress[]> {
    const addresses = await this.resolve(hostname);
    if (!this.rules.allowPrivateAddresses) {
      for (const { address } of addresses) {
        const refusal = this.addressRefusal(hostname, address);
        if (refusal) throw refusal;
      }
    }
    return addresses;
  }

  private addressRefusal(host: string, address: string): WebhookTargetRefused | null {
    if (this.rules.allowPrivateAddresses) return null;
    const category = restrictedCategoryOf(address);
    if (category === null) return null;
    if (IN_CLUSTER.has(category) && this.allowedPrivateHosts.has(normalHost(host))) return null;
    const { words } = RANGES.find((ranges) => ranges.category === category) as CategoryRanges;
    // The address itself is not repeated to the caller: the delivery log would map the cluster's DNS.
    const message =
      host === address
        ? `Alamat webhook ditolak: ${host} adalah ${words.id} (webhook target refused: ${host} is ${words.en})`
        : `Alamat webhook ditolak: ${host} mengarah ke ${words.id} (webhook target refused: ${host} resolves to ${words.en})`;
    return new WebhookTargetRefused('address', message, category);
  }
}

/** The URL's host without IPv6 brackets or a trailing dot, lower-cased (URL already folds case). */
export function hostOf(url: URL): string {
  return normalHost(url.hostname.replace(/^\[(.*)\]$/, '$1'));
}

function normalHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
