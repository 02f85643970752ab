#!/usr/bin/env node
// Plays one media-service CMAF ladder in hls.js, dash.js and Shaka inside Debian's headless Chromium.
// Usage: node runner.js <baseUrl>   (baseUrl serves master.m3u8 and manifest.mpd, e.g. http://127.0.0.1:PORT/)
// One line per player with the figures; exit 1 (with the player's errors) when any player fails, exit 2 when
// the browser cannot run or cannot decode H.264/AAC (then nothing was played and nothing is claimed).
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const puppeteer = require('puppeteer-core');

const base = process.argv[2];
if (!base) {
  console.error('usage: node runner.js <baseUrl>');
  process.exit(2);
}
const mediaBase = base.endsWith('/') ? base : base + '/';

const ALL_CASES = [
  { name: 'hls.js', page: 'hls.html', manifest: 'master.m3u8' },
  { name: 'dash.js', page: 'dash.html', manifest: 'manifest.mpd' },
  { name: 'shaka-dash', page: 'shaka.html', manifest: 'manifest.mpd' },
  { name: 'shaka-hls', page: 'shaka.html', manifest: 'master.m3u8' },
];
// Optional third argument: comma-separated case names to run (for a look at one player).
const CASES = process.argv[3] ? ALL_CASES.filter((c) => process.argv[3].split(',').includes(c.name)) : ALL_CASES;
const PLAY_SECONDS = 2;
const STEP_TIMEOUT_MS = 30_000;
// hls.js reports buffer stalls as non-fatal "errors" while it waits for data, and a fragment load it cancelled
// itself (a forced switch drops the request in flight) as non-fatal 'aborted': neither says anything about the
// stream. Anything else, and any fatal error, fails the player.
const BENIGN = new Set(['bufferStalledError', 'bufferNudgeOnStall', 'bufferSeekOverHole', 'aborted']);

// The pages and the player libraries come from a second origin, so the media server's CORS header is exercised
// as it would be from a site in front of the CDN.
function servePages() {
  const root = __dirname;
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
  const server = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function chromiumPath() {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch (e) {
    return '';
  }
}

function isFault(e) {
  return typeof e === 'string' || e.fatal || !BENIGN.has(e.details);
}

function describe(e) {
  return typeof e === 'string' ? e : `${e.fatal ? 'fatal ' : ''}${e.type} ${e.details} ${e.message || ''} ${e.url || ''}`.trim();
}

async function waitFor(page, predicate, arg, what) {
  try {
    await page.waitForFunction(predicate, { timeout: STEP_TIMEOUT_MS, polling: 100 }, arg);
  } catch (e) {
    const s = await page.evaluate(() => window.harness.state());
    throw new Error(`${what} not reached in ${STEP_TIMEOUT_MS / 1000} s (currentTime ${s.currentTime.toFixed(2)}, `
      + `videoHeight ${s.videoHeight}, paused ${s.paused}, ended ${s.ended}; errors: ${s.errors.map(describe).join('; ') || 'none'}; `
      + `events: ${s.notes.map((n) => n.kind + ' ' + n.detail).join(', ')})`);
  }
}

async function playOne(browser, pagesBase, c) {
  const page = await browser.newPage();
  const fetched = { m4s: 0, init: 0, playlists: 0, cancelled: 0, failed: [] };
  const console_ = [];
  page.on('response', (r) => {
    const u = r.url();
    if (!u.startsWith(mediaBase)) return;
    if (r.status() >= 400) fetched.failed.push(`${r.status()} ${u}`);
    else if (u.endsWith('.m4s')) fetched.m4s++;
    else if (u.endsWith('init.mp4')) fetched.init++;
    else fetched.playlists++;
  });
  page.on('requestfailed', (r) => {
    if (!r.url().startsWith(mediaBase)) return;
    const reason = r.failure() ? r.failure().errorText : 'failed';
    // ERR_ABORTED: the player dropped its own request (a forced switch clears what is loading), not a server fault.
    if (reason === 'net::ERR_ABORTED') fetched.cancelled++;
    else fetched.failed.push(`${reason} ${r.url()}`);
  });
  page.on('pageerror', (e) => console_.push('page error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') console_.push('console: ' + m.text());
  });
  try {
    await page.goto(pagesBase + c.page, { waitUntil: 'load' });
    const src = mediaBase + c.manifest;
    await page.evaluate((s) => window.harness.start(s), src);
    // Plays on its own for PLAY_SECONDS (or to near the end of a short clip).
    await waitFor(page, (t) => {
      const s = window.harness.state();
      return s.errors.length > 0 || s.currentTime >= Math.min(t, (s.duration || Infinity) - 0.5);
    }, PLAY_SECONDS, `currentTime >= ${PLAY_SECONDS} s`);
    const played = await page.evaluate(() => window.harness.state());
    const levels = await page.evaluate(() => window.harness.levels());
    const heights = [...new Set(levels.map((l) => l.height))].sort((a, b) => a - b);
    if (levels.length < 2 || heights.length < 2) {
      throw new Error(`the player saw ${levels.length} video level(s) (${JSON.stringify(levels)}); the ladder has at least 2`);
    }
    const top = levels.reduce((a, b) => (b.height > a.height ? b : a));
    const bottom = levels.reduce((a, b) => (b.height < a.height ? b : a));
    const switches = [];
    for (const target of [top, bottom]) {
      await page.evaluate(() => { if (window.harness.state().ended) return window.harness.replay(); });
      const at = await page.evaluate((i) => {
        window.harness.force(i);
        return window.harness.state().currentTime;
      }, target.index);
      // The forced rung is on screen and plays on (so the next force does not land mid-switch).
      await waitFor(page, ([h, t]) => {
        const s = window.harness.state();
        return s.errors.length > 0 || (s.videoHeight === h && s.currentTime > t + 0.5);
      }, [target.height, at], `videoHeight ${target.height} and playback after forcing that rung`);
      switches.push(target.height);
    }
    const end = await page.evaluate(() => window.harness.state());
    const faults = end.errors.filter(isFault);
    const benign = end.errors.length - faults.length;
    if (faults.length > 0 || fetched.failed.length > 0) {
      throw new Error(`player errors: ${faults.map(describe).join('; ') || 'none'}; failed requests: ${fetched.failed.join('; ') || 'none'}`);
    }
    if (end.decodedFrames === 0) {
      throw new Error('no video frame was decoded');
    }
    return `ok   ${c.name.padEnd(10)} ${c.manifest.padEnd(12)} played to ${played.currentTime.toFixed(2)} s of ${played.duration.toFixed(2)} s; `
      + `levels ${levels.length} (heights ${heights.join('/')}, bandwidths ${levels.map((l) => l.bandwidth).join('/')}); `
      + `forced ${switches.join(' -> ')} and saw videoHeight ${end.heights.join(' -> ')}; `
      + `decoded ${end.decodedFrames} frames (${end.droppedFrames} dropped); fetched ${fetched.playlists} manifests/playlists, `
      + `${fetched.init} init, ${fetched.m4s} segments, ${fetched.cancelled} requests cancelled by the player; `
      + `${benign} non-fatal stall/abort notices`;
  } catch (e) {
    const extra = console_.length ? ` | ${console_.slice(0, 5).join(' | ')}` : '';
    return `FAIL ${c.name.padEnd(10)} ${c.manifest.padEnd(12)} ${e.message}; fetched ${fetched.playlists} manifests/playlists, `
      + `${fetched.init} init, ${fetched.m4s} segments${extra}`;
  } finally {
    await page.close();
  }
}

async function main() {
  const executablePath = chromiumPath();
  if (!executablePath) {
    console.error('chromium is not on PATH (Debian: apt-get install chromium)');
    process.exit(2);
  }
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--autoplay-policy=no-user-gesture-required', '--mute-audio'],
  });
  const pages = await servePages();
  let failed = false;
  try {
    const probe = await browser.newPage();
    const codecs = await probe.evaluate(() => ({
      browser: navigator.userAgent.replace(/.*(HeadlessChrome\/\S+).*/, '$1'),
      avc: MediaSource.isTypeSupported('video/mp4; codecs="avc1.64001f"'),
      aac: MediaSource.isTypeSupported('audio/mp4; codecs="mp4a.40.2"'),
    }));
    await probe.close();
    console.log(`chromium ${await browser.version()} (${executablePath}): MSE H.264 ${codecs.avc}, AAC ${codecs.aac}`);
    if (!codecs.avc || !codecs.aac) {
      console.log('BLOCKED on codecs: this Chromium build cannot decode H.264/AAC through MediaSource; nothing was played');
      process.exitCode = 2;
      return;
    }
    const pagesBase = `http://127.0.0.1:${pages.address().port}/`;
    for (const c of CASES) {
      const line = await playOne(browser, pagesBase, c);
      console.log(line);
      failed = failed || line.startsWith('FAIL');
    }
  } finally {
    pages.close();
    await browser.close();
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(2);
});
