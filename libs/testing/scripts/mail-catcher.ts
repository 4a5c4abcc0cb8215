// `node -r @swc-node/register libs/testing/scripts/mail-catcher.ts [folder] [port]`: the local mail
// catcher `npm run up` starts (deploy/local/up.sh); every message lands in the folder as .eml.
import { MailCatcher } from '../src/mail-catcher';

const folder = process.argv[2] ?? '.local/mail';
const port = Number(process.argv[3] ?? process.env.MAIL_CATCHER_PORT ?? 1025);

new MailCatcher(folder)
  .listen(port)
  .then((bound) => console.log(`mail catcher on smtp://127.0.0.1:${bound}, messages in ${folder}`))
  .catch((error: unknown) => {
    console.error(`mail catcher could not start: ${String(error)}`);
    process.exitCode = 1;
  });
