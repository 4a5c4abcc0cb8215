import { createHash, createHmac } from 'node:crypto';
import { scramSha256Verifier } from './scram-verifier';

// node-postgres's own client side of the exchange: the verifier must accept what it sends.
const sasl = require('pg/lib/crypto/sasl') as {
  startSession(mechanisms: string[]): { clientNonce: string; response: string };
  continueSession(session: object, password: string, serverFirst: string): Promise<void>;
  finalizeSession(session: object, serverFinal: string): void;
};

/** The server's side of SCRAM-SHA-256 against a stored verifier: whether the client knew the password. */
async function signIn(verifier: string, password: string): Promise<boolean> {
  const [, iterationsAndSalt, keys] = verifier.split('$');
  const [iterations, salt] = iterationsAndSalt.split(':');
  const [storedKey, serverKey] = keys.split(':').map((key) => Buffer.from(key, 'base64'));
  const session = sasl.startSession(['SCRAM-SHA-256']) as { clientNonce: string; response: string; serverSignature?: string };
  const nonce = `${session.clientNonce}server-part`;
  const serverFirst = `r=${nonce},s=${salt},i=${iterations}`;
  await sasl.continueSession(session, password, serverFirst);
  const finalWithoutProof = session.response.replace(/,p=[^,]*$/, '');
  const proof = Buffer.from(/,p=([^,]*)$/.exec(session.response)?.[1] ?? '', 'base64');
  const authMessage = `n=*,r=${session.clientNonce},${serverFirst},${finalWithoutProof}`;
  const clientSignature = createHmac('sha256', storedKey).update(authMessage).digest();
  const clientKey = Buffer.from(proof.map((byte, index) => byte ^ clientSignature[index]));
  if (!createHash('sha256').update(clientKey).digest().equals(storedKey)) return false;
  // And the client accepts the server's signature, made with the ServerKey.
  sasl.finalizeSession(session, `v=${createHmac('sha256', serverKey).update(authMessage).digest('base64')}`);
  return true;
}

describe('scramSha256Verifier', () => {
  it.each(['geheim-123', "o'brien \" ; DROP ROLE x", 'kata sandi\u00A0dengan spasi', 'ｆｕｌｌｗｉｄｔｈ'])('lets node-postgres sign in with %j and with nothing else', async (password) => {
    const verifier = scramSha256Verifier(password);
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(verifier).not.toContain(password);
    await expect(signIn(verifier, password)).resolves.toBe(true);
    await expect(signIn(verifier, `${password}x`)).resolves.toBe(false);
  });

  it('salts each verifier afresh', () => {
    expect(scramSha256Verifier('sama')).not.toBe(scramSha256Verifier('sama'));
  });
});
