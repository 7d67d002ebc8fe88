/**
 * The renderer's Content-Security-Policy, in one place for the response header (main.ts)
 * and the index.html meta tag (injected by vite.config.ts). A production build allows
 * nothing but its own files; only a dev build, served by Vite, may open the dev server's
 * hot-reload WebSocket. No Electron import: the Vite config and the tests use it too.
 */
export function contentSecurityPolicy(options: { devServerUrl?: string; header?: boolean } = {}): string {
  const connect = ["'self'"];
  if (options.devServerUrl) {
    const dev = new URL(options.devServerUrl);
    connect.push(`ws://${dev.host}`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // Browsers ignore frame-ancestors in a meta tag, so only the header carries it.
    ...(options.header ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}

/** The placeholder in renderer/index.html that the build replaces with the policy. */
export const CSP_PLACEHOLDER = '%MERGEDESK_CSP%';
