import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../electron/main/csp';
import { cspPlugin } from '../../vite.config';

const indexHtml = fs.readFileSync(path.resolve(__dirname, '../../renderer/index.html'), 'utf8');
const metaPolicy = (html: string) => /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];

/** Runs the Vite plugin's index.html transform as a build (no server) or the dev server does. */
function transform(dev: boolean): string {
  const hook = cspPlugin().transformIndexHtml as { handler: (html: string, ctx: object) => string };
  return hook.handler(indexHtml, dev ? { server: {} } : {});
}

describe('Content-Security-Policy of the renderer', () => {
  it('a production build allows no dev-server WebSocket, in the meta tag or the header', () => {
    const built = metaPolicy(transform(false));
    expect(built).toBe(contentSecurityPolicy());
    for (const policy of [built, contentSecurityPolicy({ header: true })]) {
      expect(policy).toMatch(/connect-src 'self';/);
      expect(policy).not.toMatch(/ws:|localhost|5173/);
    }
    expect(contentSecurityPolicy({ header: true })).toMatch(/frame-ancestors 'none'/);
    expect(indexHtml).not.toMatch(/ws:\/\//);
  });

  it('only the dev server build may open its hot-reload WebSocket', () => {
    expect(metaPolicy(transform(true))).toMatch(/connect-src 'self' ws:\/\/localhost:5173;/);
    expect(contentSecurityPolicy({ header: true, devServerUrl: 'http://localhost:5173/' })).toMatch(/connect-src 'self' ws:\/\/localhost:5173;/);
  });

  it.skipIf(!process.env.MERGEDESK_RENDERER_BUILD)('the renderer the test run built carries the production policy', () => {
    const html = fs.readFileSync(path.join(process.env.MERGEDESK_RENDERER_BUILD!, 'index.html'), 'utf8');
    expect(metaPolicy(html)).toBe(contentSecurityPolicy());
  });
});
