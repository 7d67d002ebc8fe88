import type { Locator, Page } from 'playwright-core';

/** The accessible name of the focused element as a user hears it (aria-label, else its text). */
export async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null; textContent: string | null } | null } }).document.activeElement;
    return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
  });
}

/** Presses Tab until the focused element's name starts with `name`; fails after `max` presses (so the Tab order reaches it). */
export async function tabUntilFocused(page: Page, name: string, max = 20): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focusedName(page);
    if (now.startsWith(name)) return;
    seen.push(now);
  }
  throw new Error(`Tab never reached "${name}"; focus went through: ${seen.join(' | ')}`);
}

/**
 * Waits for the page's running animations and transitions to end (a panel fading in, a button
 * changing colour after it is enabled), so what is measured is the settled screen. Spinners run
 * forever and are left alone.
 */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(
    'Promise.all(document.getAnimations().filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime))).map((a) => a.finished.catch(() => undefined))).then(() => undefined)',
  );
}

/**
 * WCAG contrast ratio of an element's text against its background (the first opaque one up
 * the tree). axe leaves disabled controls out of its contrast rule, so tests measure them here.
 */
export async function contrastOf(locator: Locator): Promise<number> {
  await settleAnimations(locator.page());
  return locator.evaluate((el) => {
    type Styled = { parentElement: Styled | null };
    const win = globalThis as unknown as { getComputedStyle(e: Styled): { color: string; backgroundColor: string } };
    const rgba = (s: string) => (s.match(/[\d.]+/g) ?? ['0', '0', '0', '0']).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    let node: Styled | null = el as unknown as Styled;
    let background = [255, 255, 255];
    while (node) {
      const c = rgba(win.getComputedStyle(node).backgroundColor);
      if ((c[3] ?? 1) > 0.5) {
        background = c;
        break;
      }
      node = node.parentElement;
    }
    const [a, b] = [luminance(rgba(win.getComputedStyle(el as unknown as Styled).color)), luminance(background)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}
