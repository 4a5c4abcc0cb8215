import { join } from 'node:path';
import { TokenVerifierConfig } from './token-verifier-config';

// The committed DEV-ONLY key pair (see dev-keys/README.md): anyone can sign with it.
const DEV_KEYS_DIR = join(__dirname, '..', 'dev-keys');
export const DEV_PRIVATE_KEY_FILE = join(DEV_KEYS_DIR, 'dev-private.pem');
export const DEV_PUBLIC_KEY_FILE = join(DEV_KEYS_DIR, 'dev-public.pem');

/** What a service uses in development when AUTH_* variables are absent. Never in production. */
export const DEV_AUTH_DEFAULTS = {
  issuer: 'mcp-local',
  audience: 'mcp-platform',
  publicKeyFile: DEV_PUBLIC_KEY_FILE,
} as const satisfies TokenVerifierConfig;
