/**
 * The browser dashboard (web/, built by Vite into web/dist) served by the API
 * itself at /app, so the pages and the REST routes share one origin and the
 * session cookie needs no CORS. Every asset is local: no CDN, no web fonts.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/** web/dist beside the sources (tsx), or two folders up from a compiled dist/api/. */
export const DASHBOARD_DIR =
  [path.resolve(__dirname, '..', 'web', 'dist'), path.resolve(__dirname, '..', '..', 'web', 'dist')].find((dir) => fs.existsSync(dir)) ??
  path.resolve(__dirname, '..', 'web', 'dist');

export function serveDashboard(app: Express, dir = DASHBOARD_DIR): void {
  app.get('/', (_req, res) => res.redirect(302, '/app/'));
  app.use('/app', express.static(dir, { index: 'index.html', fallthrough: true, maxAge: '1h', setHeaders: noCacheForHtml }));
  // The pages route in the browser (#/…); any other /app path gets the page too.
  app.get(/^\/app(\/.*)?$/, (_req, res) => {
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) {
      res.status(503).json({ error: 'Unavailable', message: 'the dashboard is not built: run `npm run web:build` (npm install does it)' });
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.sendFile(index);
  });
}

/** Scripts, styles and calls only from this origin; Element Plus sets inline styles, so those are allowed. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

function noCacheForHtml(res: express.Response, file: string) {
  if (!file.endsWith('.html')) return;
  res.set('Cache-Control', 'no-cache');
  res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
}
