// The desktop shell: runs where an Electron binary is installed; on machines without one (its
// download is skipped here) it reports itself skipped and says why.
import { test, expect, _electron as electron } from '@playwright/test';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test.describe('Electron shell', () => {
  test.skip(binary === null, 'No Electron binary on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); the same UI is tested in browser mode');

  test('opens the demo county in a hardened window and calls the backend over IPC', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'snp-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: [ROOT, `--user-data-dir=${userData}`], cwd: ROOT });
    try {
      const win = await app.firstWindow();
      await win.waitForFunction(() => (window as unknown as { __schoolnet?: { ready?: boolean } }).__schoolnet?.ready === true, undefined, { timeout: 60_000 });
      // Isolation and sandbox as the page sees them: no Node, and a bridge with exactly call/subscribe.
      const page = await win.evaluate(() => ({
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        bridge: Object.keys((window as unknown as { schoolnet: object }).schoolnet).sort(),
      }));
      expect(page).toEqual({ require: 'undefined', process: 'undefined', bridge: ['call', 'subscribe'] });
      const opened = await win.evaluate(() => window.open('https://example.org/') === null);
      expect(opened).toBe(true);
      const info = await win.evaluate(async () => {
        const bridge = (window as unknown as { schoolnet: { call(m: string, p: unknown): Promise<{ ok: boolean; result: { host: string } }> } }).schoolnet;
        return bridge.call('app.info', {});
      });
      expect(info.ok).toBe(true);
      expect(info.result.host).toBe('electron');
    } finally {
      await app.close();
    }
  });
});
