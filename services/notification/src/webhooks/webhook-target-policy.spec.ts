import type { LookupAddress } from 'node:dns';
import type { NotificationConfig } from '../notification-config';
import { restrictedCategoryOf, WebhookTargetPolicy, WebhookTargetRefused, type ResolveHost, type WebhookTargetRules } from './webhook-target-policy';

const PRODUCTION: WebhookTargetRules = { requireHttps: true, allowPrivateAddresses: false, allowedPrivateHosts: [] };

/** A resolver answering from a table, as DNS would; unknown names fail as ENOTFOUND. */
function dnsOf(table: Record<string, string[]>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (host: string) => {
    asked.push(host);
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

async function refusalOf(policy: WebhookTargetPolicy, url: string): Promise<WebhookTargetRefused | null> {
  try {
    await policy.check(new URL(url));
    return null;
  } catch (error) {
    if (error instanceof WebhookTargetRefused) return error;
    throw error;
  }
}

describe('restricted address ranges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['100.127.255.254', 'carrier-grade-nat'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::127.0.0.1', 'reserved'],
  ])('%s is %s', (address, category) => {
    expect(restrictedCategoryOf(address)).toBe(category);
  });

  it.each(['8.8.8.8', '103.28.12.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(restrictedCategoryOf(address)).toBeNull();
  });
});

describe('WebhookTargetPolicy in production', () => {
  const dns = dnsOf({
    'dasbor.jabarprov.go.id': ['103.28.12.1'],
    'postgres': ['10.96.0.12'],
    'metadata.google.internal': ['169.254.169.254'],
    'rebind.example': ['103.28.12.1', '127.0.0.1'],
    'penerima.mcp.svc.cluster.local': ['10.96.4.7', 'fd00::4:7'],
    'cgnat-penerima.mcp.internal': ['100.64.3.2'],
    'penyusup.mcp.internal': ['169.254.169.254'],
  });
  const policy = new WebhookTargetPolicy({ ...PRODUCTION, allowedPrivateHosts: ['Penerima.mcp.svc.cluster.local.', 'cgnat-penerima.mcp.internal', 'penyusup.mcp.internal'] }, dns);

  it('accepts an https URL whose host resolves to public addresses only', async () => {
    expect(await refusalOf(policy, 'https://dasbor.jabarprov.go.id/mcp/webhook')).toBeNull();
  });

  it('requires https', async () => {
    const refused = await refusalOf(policy, 'http://dasbor.jabarprov.go.id/mcp/webhook');
    expect(refused).toMatchObject({ rule: 'https', message: 'URL webhook harus memakai https di lingkungan produksi (webhook URLs must use https in production)' });
  });

  it.each([
    ['https://127.0.0.1:3002/', 'loopback'],
    ['https://[::1]/', 'loopback'],
    ['https://[::ffff:7f00:1]/', 'loopback'],
    ['https://2130706433/', 'loopback'], // 127.0.0.1 written as one number: URL parsing normalises it
    ['https://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://10.0.0.5/', 'private'],
    ['https://100.64.0.1/', 'carrier-grade-nat'],
    ['https://0.0.0.0/', 'unspecified'],
  ])('refuses the literal address of %s (%s), naming the rule', async (url, category) => {
    const refused = await refusalOf(policy, url);
    expect(refused).toMatchObject({ rule: 'address', category });
    expect(refused?.message).toMatch(/^Alamat webhook ditolak: .+ adalah alamat .+ \(webhook target refused: .+ is an? .+ address\)$/);
  });

  it('refuses a name that resolves to a restricted address, without repeating the address', async () => {
    const refused = await refusalOf(policy, 'https://postgres:5432/');
    expect(refused).toMatchObject({ rule: 'address', category: 'private' });
    expect(refused?.message).toBe('Alamat webhook ditolak: postgres mengarah ke alamat privat (webhook target refused: postgres resolves to a private address)');
    expect(refused?.message).not.toContain('10.96.0.12');
    expect(await refusalOf(policy, 'https://metadata.google.internal/computeMetadata/v1/')).toMatchObject({ category: 'link-local' });
  });

  it('refuses a name when any one of its addresses is restricted', async () => {
    expect(await refusalOf(policy, 'https://rebind.example/')).toMatchObject({ category: 'loopback' });
  });

  it('lets an allow-listed host resolve to private and CGNAT addresses, compared without case or trailing dot', async () => {
    expect(await refusalOf(policy, 'https://penerima.mcp.svc.cluster.local/mcp')).toBeNull();
    expect(await refusalOf(policy, 'https://PENERIMA.mcp.svc.cluster.local./mcp')).toBeNull();
    expect(await refusalOf(policy, 'https://cgnat-penerima.mcp.internal/')).toBeNull();
  });

  it('never lets an allow-listed host reach link-local or loopback, nor the allow-list open an unlisted name', async () => {
    expect(await refusalOf(policy, 'https://penyusup.mcp.internal/')).toMatchObject({ category: 'link-local' });
    expect(await refusalOf(policy, 'https://postgres/')).toMatchObject({ category: 'private' });
  });

  it('accepts a host that does not resolve yet: every connection checks again', async () => {
    expect(await refusalOf(policy, 'https://belum-ada.jabarprov.go.id/')).toBeNull();
  });
});

describe('WebhookTargetPolicy outside production', () => {
  const dns = dnsOf({ localhost: ['127.0.0.1'], postgres: ['10.96.0.12'] });

  it('allows http and every address by default (the tests’ receiver is on 127.0.0.1)', async () => {
    const policy = WebhookTargetPolicy.fromConfig({ MCP_ENVIRONMENT: 'development', WEBHOOK_ALLOWED_PRIVATE_HOSTS: [] } as unknown as NotificationConfig, dns);
    expect(policy.rules).toEqual({ requireHttps: false, allowPrivateAddresses: true, allowedPrivateHosts: [] });
    expect(await refusalOf(policy, 'http://127.0.0.1:3002/')).toBeNull();
    expect(await refusalOf(policy, 'http://postgres:5432/')).toBeNull();
  });

  it('refuses restricted addresses when WEBHOOK_ALLOW_PRIVATE_ADDRESSES=false, but not http', async () => {
    const policy = WebhookTargetPolicy.fromConfig(
      { MCP_ENVIRONMENT: 'development', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: false, WEBHOOK_ALLOWED_PRIVATE_HOSTS: [] } as unknown as NotificationConfig,
      dns,
    );
    expect(await refusalOf(policy, 'http://localhost:3002/')).toMatchObject({ category: 'loopback' });
    expect(await refusalOf(policy, 'http://postgres:5432/')).toMatchObject({ category: 'private' });
  });

  it('takes the production rules from MCP_ENVIRONMENT=production', () => {
    const policy = WebhookTargetPolicy.fromConfig({ MCP_ENVIRONMENT: 'production', WEBHOOK_ALLOWED_PRIVATE_HOSTS: ['penerima.mcp.svc'] } as unknown as NotificationConfig);
    expect(policy.rules).toEqual({ requireHttps: true, allowPrivateAddresses: false, allowedPrivateHosts: ['penerima.mcp.svc'] });
  });
});

describe('WebhookTargetPolicy.lookup (what a connection dials)', () => {
  const dns = dnsOf({ 'dasbor.jabarprov.go.id': ['103.28.12.1', '2001:db8::1'], 'rebind.example': ['103.28.12.1', '10.0.0.1'] });
  const policy = new WebhookTargetPolicy(PRODUCTION, dns);
  const lookup = (host: string, options: { all?: boolean; family?: number }) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      policy.lookup(host, options, (error, address, family) => resolve({ error, address, family })),
    );

  it('hands over the checked addresses: all of them, or the first of the family asked for', async () => {
    expect((await lookup('dasbor.jabarprov.go.id', { all: true })).address).toEqual([
      { address: '103.28.12.1', family: 4 },
      { address: '2001:db8::1', family: 6 },
    ]);
    expect(await lookup('dasbor.jabarprov.go.id', { family: 6 })).toEqual({ error: null, address: '2001:db8::1', family: 6 });
    expect(await lookup('dasbor.jabarprov.go.id', {})).toEqual({ error: null, address: '103.28.12.1', family: 4 });
  });

  it('fails the connection with WebhookTargetRefused when any address is restricted', async () => {
    const { error } = await lookup('rebind.example', { all: true });
    expect(error).toBeInstanceOf(WebhookTargetRefused);
    expect(error?.message).toBe('Alamat webhook ditolak: rebind.example mengarah ke alamat privat (webhook target refused: rebind.example resolves to a private address)');
  });

  it('passes a resolver failure on as it is', async () => {
    expect((await lookup('tidak-ada.example', { all: true })).error).toMatchObject({ code: 'ENOTFOUND' });
  });
});
