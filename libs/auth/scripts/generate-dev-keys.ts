// Regenerates the committed DEV-ONLY signing key pair. Tokens signed with the old key stop
// verifying, so run it only when the pair must change (never for production keys).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';

const DEV_KEYS_DIR = join(__dirname, '..', 'dev-keys');

async function main(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const privatePath = join(DEV_KEYS_DIR, 'dev-private.pem');
  const publicPath = join(DEV_KEYS_DIR, 'dev-public.pem');
  writeFileSync(privatePath, `${await exportPKCS8(privateKey)}\n`);
  writeFileSync(publicPath, `${await exportSPKI(publicKey)}\n`);
  process.stdout.write(`Kunci pengembangan ditulis ke:\n  ${privatePath}\n  ${publicPath}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Gagal membuat kunci pengembangan: ${String(error)}\n`);
  process.exit(1);
});
