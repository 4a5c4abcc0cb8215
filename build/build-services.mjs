// Compiles services to plain CommonJS so they start with `node`, without a compiler at run time
// (docs/decisions.md #34):
//   node build/build-services.mjs [--out dist/app] [service ...]    (default: every catalogued service)
// The output mirrors the repository, JavaScript instead of TypeScript:
//   <out>/services/<name>/src/main.js      node <out>/services/<name>/src/main.js [migrate]
//   <out>/libs/<lib>/src/**.js             every shared lib but `testing` (tests only)
//   <out>/libs/contracts/schemas, <out>/libs/master-data/data, <out>/services/catalogue.json,
//   <out>/libs/auth/dev-keys (only where present: never in an image), <out>/dist/portal-web
// so every file the code finds relative to `__dirname` is where it looks. The output holds no
// node_modules: it must lie inside a folder that has them (the repository, or /app in the image).
// SWC with the repository's .swcrc, as the unit tests compile: NestJS's dependency injection needs
// decorator metadata, which SWC emits and esbuild does not.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
const { transformFile } = createRequire(import.meta.url)('@swc/core');

/** Read at run time relative to `__dirname`; everything else a service needs is compiled code. */
const RUNTIME_DATA = ['libs/contracts/schemas', 'libs/master-data/data', 'libs/auth/dev-keys', 'services/catalogue.json'];
/** Libraries that only tests import. */
const TEST_ONLY_LIBS = new Set(['testing']);
const NOT_SHIPPED = /\.(spec|integration-spec)\.ts$|\.d\.ts$/;

function parseArguments(argv) {
  let out = join(root, 'dist', 'app');
  const names = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') out = resolve(argv[(i += 1)]);
    else names.push(argv[i]);
  }
  const catalogue = JSON.parse(readFileSync(join(root, 'services', 'catalogue.json'), 'utf8')).services.map((s) => s.name);
  const unknown = names.filter((name) => !catalogue.includes(name));
  if (unknown.length > 0) throw new Error(`Not in services/catalogue.json: ${unknown.join(', ')}`);
  return { out, services: names.length > 0 ? names : catalogue };
}

function typeScriptFiles(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !NOT_SHIPPED.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function swcOptions() {
  const options = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
  delete options.$schema;
  const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
  // `@mcp/<lib>` becomes a relative require, which stays right because the output mirrors the sources.
  // The targets lose `.ts`: the require must name the compiled file.
  const compiledPaths = Object.fromEntries(Object.entries(paths).map(([alias, targets]) => [alias, targets.map((t) => t.replace(/\.ts$/, ''))]));
  options.jsc = { ...options.jsc, baseUrl: root, paths: compiledPaths };
  // A map beside each file (for `node --enable-source-maps`), not inlined into what node parses.
  return { ...options, swcrc: false, sourceMaps: true };
}

async function compile(file, out, options) {
  const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
  const { code, map } = await transformFile(file, { ...options, filename: file, sourceFileName: relative(dirname(target), file) });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
  writeFileSync(`${target}.map`, map);
}

async function main() {
  const started = performance.now();
  const { out, services } = parseArguments(process.argv.slice(2));
  const libs = readdirSync(join(root, 'libs')).filter((lib) => !TEST_ONLY_LIBS.has(lib) && existsSync(join(root, 'libs', lib, 'src')));
  const files = [
    ...libs.flatMap((lib) => typeScriptFiles(join(root, 'libs', lib, 'src'))),
    ...services.flatMap((name) => typeScriptFiles(join(root, 'services', name, 'src'))),
  ];
  // Written beside the old output and swapped in at the end, so services still running from the old
  // one (npm run up) find their files until the last moment.
  const next = `${out}.next-${process.pid}`;
  const options = swcOptions();
  await Promise.all(files.map((file) => compile(file, next, options)));
  // Absent pieces are skipped: the image's build context has no dev keys (docs/decisions.md #20).
  for (const path of RUNTIME_DATA.filter((path) => existsSync(join(root, path)))) {
    cpSync(join(root, path), join(next, path), { recursive: true });
  }
  // The portal serves the Vite build from <root>/dist/portal-web; build it first (README).
  const webApp = join(root, 'dist', 'portal-web');
  if (services.includes('portal')) {
    if (existsSync(join(webApp, 'index.html'))) cpSync(webApp, join(next, 'dist', 'portal-web'), { recursive: true });
    else console.warn('dist/portal-web has no index.html: the portal will answer 503 for its pages (build the web app first)');
  }
  rmSync(out, { recursive: true, force: true });
  renameSync(next, out);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Built ${services.join(', ')} (${files.length} files) into ${relative(process.cwd(), out) || '.'} in ${seconds} s`);
}

await main();
