/**
 * Headless Chromium for the browser tests, from npm alone: @sparticuz/chromium carries a brotli-packed
 * chrome-headless-shell build (Linux x64) with its fonts; playwright-core drives it. Nothing is installed
 * on the machine; the binary needs only glibc and NSS (libnss3) from it. The first launch unpacks it
 * (about 210 MB, a few seconds) into a directory of the OS temp dir named after the package version;
 * later launches reuse it.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sparticuzChromium from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

/**
 * Playwright adds its own defaults (among them --headless, --no-sandbox, --disable-dev-shm-usage and a
 * --disable-features list, which is why none is passed here: Chromium keeps only the last one). These are
 * the flags the tests rely on, stated even where Playwright's defaults already include them.
 */
const CHROMIUM_ARGS = [
  // Tests often run as root in containers, where Chromium refuses to start with its sandbox.
  '--no-sandbox',
  // No GPU on CI machines: software compositing, no GPU process (WebGL is not needed).
  '--disable-gpu',
  // Containers often have a 64 MB /dev/shm; use the temp dir for shared memory instead.
  '--disable-dev-shm-usage',
  // Offline: the page under test is on 127.0.0.1; any other host fails at once instead of waiting on DNS,
  // and Chromium's own background traffic (updates, sync, metrics, QUIC probes, pings) stays off.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-quic',
  '--dns-prefetch-disable',
  '--no-pings',
  '--disable-breakpad',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
];

/** Launches headless Chromium. Close the browser when done. */
export async function launchChromium(): Promise<Browser> {
  const dir = await unpackedChromium();
  return chromium.launch({
    executablePath: join(dir, 'chromium'),
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf') },
  });
}

/**
 * The directory holding the unpacked `chromium` binary and `fonts.conf`. Unpacking goes to a fresh
 * directory that is renamed into place only when complete, so a concurrent run never starts a half-written
 * binary, and a version directory never mixes two versions (the package's own /tmp/chromium would).
 */
async function unpackedChromium(): Promise<string> {
  const packageDir = dirname(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `spec-bridge-chromium-${version}`);
  if (existsSync(join(dir, 'chromium'))) return dir;

  const staging = mkdtempSync(`${dir}-unpacking-`);
  try {
    // executablePath() unpacks into os.tmpdir(), which it reads synchronously when called: point that at
    // the staging directory for the call only, then check where the binary landed.
    const previousTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    let unpacking: Promise<string>;
    try {
      unpacking = sparticuzChromium.executablePath();
    } finally {
      if (previousTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmpdir;
    }
    const executable = await unpacking;
    if (executable !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${executable}, not into ${staging}`);
    writeFileSync(join(staging, 'fonts.conf'), fontsConf(dir));
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(join(dir, 'chromium'))) return dir; // another run finished first
    throw error;
  }
  return dir;
}

/**
 * Fontconfig for the browser: sans-serif text (what the workbench and Atlaskit use) in the Open Sans the
 * package ships, so screenshots look the same on every machine; the machine's fonts, if any, only for
 * glyphs Open Sans lacks (arrows, some symbols) and other families.
 */
function fontsConf(dir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(dir, 'fonts')}</dir>
  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>
  <match target="pattern">
    <test name="family"><string>sans-serif</string></test>
    <edit name="family" mode="prepend_first" binding="strong"><string>Open Sans</string></edit>
  </match>
</fontconfig>
`;
}
