import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

/*
 * The portal's weight and speed as a verifier meets it, against the running platform:
 *   npm run up && npm run bench:portal-web
 * 1. Initial JavaScript: the entry script and every module it preloads, gzip-compressed (what a
 *    browser downloads before the first screen; role screens and PDF.js load later). Target < 250 KB.
 * 2. First meaningful paint of the verifier workbench: a fresh browser (empty cache) signed in as a
 *    verifier opens /verifikasi; the time from navigation start until the queue count (the data
 *    the page exists to show) is on screen, and the first contentful paint. Median of RUNS
 *    (default 7). Target < 1 s.
 * PORTAL_URL (default http://127.0.0.1:3000). Writes bench/results/portal-web.json.
 */
const repositoryRoot = join(__dirname, '..', '..');
const webDir = join(repositoryRoot, 'dist', 'portal-web');
const portalUrl = process.env.PORTAL_URL ?? 'http://127.0.0.1:3000';
const runs = Number(process.env.RUNS ?? 7);
const TARGET_INITIAL_JS_GZIP_BYTES = 250 * 1024;
const TARGET_MEANINGFUL_PAINT_MS = 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function initialJavaScript(): { files: { file: string; bytes: number; gzipBytes: number }[]; gzipBytes: number; cssGzipBytes: number } {
  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((match) => match[1]);
  const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((match) => match[1]);
  const sizeOf = (path: string) => {
    const content = readFileSync(join(webDir, path.replace(/^\//, '')));
    return { file: path, bytes: content.length, gzipBytes: gzipSync(content).length };
  };
  const files = [...new Set(scripts)].map(sizeOf);
  return {
    files,
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    cssGzipBytes: styles.map(sizeOf).reduce((sum, file) => sum + file.gzipBytes, 0),
  };
}

function chromiumPath(): string {
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
}

async function workbenchPaint(): Promise<{ meaningfulPaintMs: number[]; firstContentfulPaintMs: number[] }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const meaningfulPaintMs: number[] = [];
  const firstContentfulPaintMs: number[] = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      // A fresh context each time: empty cache, as the first visit of the morning.
      const context = await browser.newContext({ baseURL: portalUrl, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const signIn = await page.request.post('/auth/dev/sign-in', { data: { role: 'verifier', wilayah: 'III' } });
      if (signIn.status() !== 200) throw new Error(`sign-in answered ${signIn.status()}: is the portal's development sign-in on?`);
      await page.goto('/verifikasi', { waitUntil: 'commit' });
      const meaningful = await page.waitForFunction(
        () => {
          const doc = (globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null } | null } }).document;
          return /\d/.test(doc.querySelector('[data-testid="queue-count"]')?.textContent ?? '') ? performance.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      meaningfulPaintMs.push(Math.round(Number(await meaningful.jsonValue())));
      firstContentfulPaintMs.push(
        Math.round(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN)),
      );
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { meaningfulPaintMs, firstContentfulPaintMs };
}

async function main(): Promise<void> {
  if (!existsSync(join(webDir, 'index.html'))) throw new Error(`${webDir} has no built app: run npm run up (or npx nx run portal-web:build) first`);
  const health = await fetch(`${portalUrl}/health`).catch(() => undefined);
  if (!health?.ok) throw new Error(`no portal at ${portalUrl}: run npm run up first (or set PORTAL_URL)`);
  const loadAverageAtStart = loadavg()[0];
  const javaScript = initialJavaScript();
  const paint = await workbenchPaint();
  const result = {
    benchmark: 'portal-web',
    description: "The portal's initial JavaScript (gzip) and the verifier workbench's first meaningful paint (queue count on screen), fresh browser each run",
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtStart },
    portalUrl,
    initialJavaScript: { gzipBytes: javaScript.gzipBytes, gzipKiB: Math.round(javaScript.gzipBytes / 102.4) / 10, files: javaScript.files, cssGzipBytes: javaScript.cssGzipBytes },
    verifierWorkbench: {
      runs,
      meaningfulPaintMs: paint.meaningfulPaintMs,
      meaningfulPaintMedianMs: median(paint.meaningfulPaintMs),
      firstContentfulPaintMs: paint.firstContentfulPaintMs,
      firstContentfulPaintMedianMs: median(paint.firstContentfulPaintMs),
    },
    targets: {
      initialJavaScriptGzipBytes: TARGET_INITIAL_JS_GZIP_BYTES,
      meaningfulPaintMs: TARGET_MEANINGFUL_PAINT_MS,
      initialJavaScriptMet: javaScript.gzipBytes < TARGET_INITIAL_JS_GZIP_BYTES,
      meaningfulPaintMet: median(paint.meaningfulPaintMs) < TARGET_MEANINGFUL_PAINT_MS,
    },
  };
  mkdirSync(join(repositoryRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repositoryRoot, 'bench', 'results', 'portal-web.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify({ initialJavaScriptGzipKiB: result.initialJavaScript.gzipKiB, ...result.verifierWorkbench, targets: result.targets }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
