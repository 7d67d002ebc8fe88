import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { Language } from '@shared/i18n';
import { contract } from '@shared/ipc/contract';
import { translatorFor } from '@shared/i18n/translator';
import { createHandlers, type HandlerDeps } from '../../electron/ipc/handlers';
import { createRegistry } from '../../electron/ipc/registry';
import { settleAnimations } from './keyboard-and-contrast';

export const CHROMIUM = process.env.MERGEDESK_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-output/screenshots');

/** Why the browser tests cannot run here, or null. With MERGEDESK_REQUIRE_BROWSER=1 a missing browser is an error. */
export function browserUnavailableReason(): string | null {
  if (fs.existsSync(CHROMIUM)) return null;
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set MERGEDESK_CHROMIUM)`;
  if (process.env.MERGEDESK_REQUIRE_BROWSER === '1') throw new Error(`${reason}; MERGEDESK_REQUIRE_BROWSER=1 makes this a failure.`);
  console.warn(`Skipping browser tests: ${reason}.`);
  return reason;
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };

function serveStatic(root: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, rel === '/' ? 'index.html' : rel);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export interface AppUnderTest {
  page: Page;
  handlers: ReturnType<typeof createHandlers>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The built renderer in headless Chromium, talking to the real handler registry over a
 * real database. Only the transport differs from Electron: instead of ipcRenderer.invoke,
 * the page calls a function exposed by the test, which calls the same registry.
 */
export async function launchApp(deps: HandlerDeps, display: { deviceScaleFactor?: number; language?: Language } = {}): Promise<AppUnderTest> {
  const handlers = createHandlers(deps);
  const registry = createRegistry(contract, handlers);
  const build = process.env.MERGEDESK_RENDERER_BUILD;
  if (!build || !fs.existsSync(path.join(build, 'index.html'))) throw new Error('The renderer was not built: run the browser tests through vitest (test/e2e/build-renderer.ts).');
  const server = await serveStatic(build);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The operating system's language reaches the app as navigator.language, as in Electron.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: display.deviceScaleFactor ?? 1, locale: display.language === 'de' ? 'de-DE' : 'en-GB' });
  // A page of its own context: the accessibility check opens a helper page beside it.
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.exposeFunction('mergedeskTransport', (channel: string, input: unknown) =>
    registry.call(channel, input, {
      progress: (p) => void page.evaluate((e) => (globalThis as unknown as { __mergedeskEmit?: (x: unknown) => void }).__mergedeskEmit?.(e), { type: 'progress', ...p }).catch(() => undefined),
    }),
  );
  await page.addInitScript(() => {
    const listeners = new Set<(e: unknown) => void>();
    const w = globalThis as unknown as Record<string, unknown>;
    w.mergedeskEvents = (l: (e: unknown) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    };
    w.__mergedeskEmit = (e: unknown) => listeners.forEach((l) => l(e));
  });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    page,
    handlers,
    screenshot: async (name) => {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
    },
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
      await handlers.session.close();
      if (errors.length) throw new Error(`The page threw: ${errors.join('; ')}`);
    },
  };
}

/**
 * Connects to the demo database and signs in through the UI, as a user would, in the language the
 * app was launched in (`launchApp(deps, { language })`): its buttons and fields are found by their catalogue texts.
 */
export async function signInThroughUi(page: Page, login = 'admin', password = 'demo', language: Language = 'en'): Promise<void> {
  const t = translatorFor(language);
  await page.getByRole('button', { name: t('connect', { ns: 'connect' }), exact: true }).click();
  await page.getByRole('heading', { name: t('title', { ns: 'signin' }) }).waitFor({ timeout: 60_000 });
  await page.getByLabel(t('login', { ns: 'signin' })).fill(login);
  await page.getByLabel(t('password', { ns: 'signin' })).fill(password);
  await page.getByRole('button', { name: t('submit', { ns: 'signin' }) }).click();
  await page.getByRole('tab', { name: t('nav.duplicates') }).waitFor();
}

/** Handler deps for a browser test: its own user data folder (so its own demo database). */
export async function isolatedDeps(): Promise<HandlerDeps> {
  const { ProfileStore } = await import('../../electron/profiles/store');
  const { tempDir } = await import('../helpers/databases');
  process.env.MERGEDESK_HOME = tempDir('mergedesk-e2e-');
  return {
    profiles: new ProfileStore(path.join(process.env.MERGEDESK_HOME, 'profiles.json'), { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' }),
    version: 'test',
  };
}

/** Both languages, for tests that check a screen in each: `for (const language of LANGUAGES_UNDER_TEST)`. */
export const LANGUAGES_UNDER_TEST: readonly Language[] = ['en', 'de'];

/**
 * The automated accessibility check (axe-core, WCAG 2.1 A/AA rules): fails with the list of
 * serious and critical violations on what the page shows now. Moderate findings are printed.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await settleAnimations(page); // axe measures text fading in as low contrast
  // Fluent UI's focus manager (tabster) places aria-hidden <i tabindex=0 data-tabster-dummy> sentinels
  // around lists and dialogs that hand focus on at once; axe cannot know that, so they are left out.
  const result = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const describe = (v: (typeof result.violations)[number]) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`;
  const blocking = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.violations.filter((v) => !blocking.includes(v));
  if (minor.length) console.warn(`axe (${screen}), not blocking:\n  ${minor.map(describe).join('\n  ')}`);
  if (blocking.length) throw new Error(`Accessibility check failed on ${screen}:\n  ${blocking.map(describe).join('\n  ')}`);
}

export { createTranslator as translatorForTest } from '@shared/i18n/translator';
