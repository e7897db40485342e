// The HTML report of `smtp-xclient conform --html` in a real browser: Debian's chromium,
// headless, renders the page of a run against smtp-server (which has differences); the DOM
// it built holds the summary and a highlighted difference, and its screenshot is a real
// picture. The page loads nothing: Chromium runs with the network features off.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, smtpServers } from './conform-peers.js';
import { requireComponent } from './peers.js';

const CHROMIUM = '/usr/bin/chromium';
const available = requireComponent(
  'Chromium (Debian package chromium)',
  existsSync(CHROMIUM),
  'apt-get install -y --no-install-recommends chromium',
);
const dir = mkdtempSync(join(tmpdir(), 'conform-html-'));

/** Chromium, headless, with a fresh profile and nothing that reaches the network. */
function chromium(...args: string[]): string {
  const profile = mkdtempSync(join(dir, 'profile-'));
  return execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: 'utf8', timeout: 90_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

afterAll(() => {
  if (process.env.CONFORM_KEEP_HTML === undefined) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available)('the HTML report in headless Chromium', () => {
  it('renders the summary and the differences, highlighted', async () => {
    const servers = await smtpServers();
    const html = join(dir, 'report.html');
    try {
      const r = await cli([
        'conform',
        `127.0.0.1:${servers.authorized}`,
        '--unauthorized',
        `127.0.0.1:${servers.unauthorized}`,
        '--html',
        html,
      ]);
      expect(r.code).toBe(1);
    } finally {
      await servers.close();
    }
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<script|<link|src=|url\(/i);
    const url = pathToFileURL(html).href;
    const dom = chromium('--dump-dom', url);
    expect(dom).toMatch(
      /<p class="summary differ" id="summary">106 of 182 cases differ from Postfix 3\.7\.11<\/p>/,
    );
    const row = /<tr class="differ" id="case-syntax\.empty-value">.*?<\/tr>/s.exec(dom)?.[0] ?? '';
    expect(row).toContain('<div class="line differ">');
    expect(row).toContain('expected</span><code>501 5.5.4 Error: attribute=value expected</code>');
    expect(row).toMatch(/received<\/span><code>220 [^<]*<\/code>/);
    const png = join(dir, 'report.png');
    chromium(`--screenshot=${png}`, '--window-size=1200,1600', url);
    const octets = readFileSync(png);
    expect([...octets.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});
