import AxeBuilder from '@axe-core/playwright';
import { repositoryRoot } from '@mcp/testing';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Written by every browser test, kept out of git (.local/); the README shows a few committed ones. */
export const SCREENSHOT_DIR = join(repositoryRoot, '.local', 'screenshots');

function chromiumPath(): string {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('Chromium not found: bash deploy/local/chromium.sh installs it (npm test runs it)');
}

/** Debian's Chromium, headless, driven by playwright-core (no browser download). */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // The context's locale sets navigator.language and Accept-Language, but a date input's day/month
  // order and the browser's own messages follow Chromium's UI language, which Linux Chromium takes
  // from the environment (with Debian's chromium-l10n; deploy/local/chromium.sh): dd/mm/tttt, as
  // an Indonesian Chrome shows it, instead of en-US mm/dd/yyyy.
  const { LC_ALL: _all, LC_MESSAGES: _messages, ...environment } = process.env;
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
    env: { ...environment, LANG: 'id_ID.UTF-8', LANGUAGE: 'id' },
  });
}

export interface SignInAs {
  role: string;
  pemdaCode?: string;
  wilayah?: string;
  /** The display name the development sign-in records; the role's default otherwise. */
  name?: string;
}

/** A browser of its own (cookies apart) for one person, at the portal's address, Indonesian first. */
export async function personAt(browser: Browser, portalUrl: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: portalUrl, viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return { context, page };
}

/** What the person sees in the window (fullPage for the whole scrolled page). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

/** axe-core on the page as it is: no serious or critical violation (WCAG 2.1 A/AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`);
}
