// Debian's headless Chromium driven by playwright-core (its own browser download cannot work here), on a fresh
// profile each time. Shared by the demo's browser tests, the package's page test (tests/js/browser.test.mjs) and
// the consumer apps (tests/consumers).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.SLOTFIT_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/**
 * A persistent context on a fresh profile (`options` go to launchPersistentContext: viewport, hasTouch, locale…);
 * `close()` closes it and removes the profile.
 */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'slotfit-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, ...options });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    profile,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
