// How a plain puppeteer script starts the browser (the floor and the peer use it): `puppeteer.launch`
// of the same Chromium with the same offline flags, WebSocket transport, graceful close. Kept apart
// from Briefing's own launcher (dist/print/browser.js) so that speeding Briefing up cannot move the floor.
import puppeteer from 'puppeteer';
import { findBrowser } from '../../dist/print/chromium.js';

const OFFLINE = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function launchPlain() {
  // No protocol timeout: Paged.js on a 1,000-page edition outlasts puppeteer's 180 s on a loaded machine.
  return puppeteer.launch({ executablePath: findBrowser().path, headless: true, args: OFFLINE, protocolTimeout: 0 });
}
