import path from 'node:path';
import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * Kit 3 resolves `outDir`, `files.*` and the adapter's output folders from
 * `process.cwd()` (or Vite's `root`). This file is loaded both from `web/`
 * (`npm run build -w web`) and from the repo root (vitest projects), so every
 * path is pinned to this folder; otherwise a root run looks for
 * `src/app.html` at the repo root (`app_template_missing`) and writes a
 * stray `.svelte-kit/` there.
 */
const here = import.meta.dirname;
const at = (...parts: string[]) => path.join(here, ...parts);

export default defineConfig({
  // Kit reads the `#lib/*` subpath imports (package.json) and tsconfig.json of
  // the Vite root, so the root must be web/ even when cwd is the repo root.
  root: here,
  plugins: [
    sveltekit({
      // Purely client-side SPA for Firebase Hosting: every path is rewritten
      // to the fallback shell, which boots the router in the browser.
      adapter: adapter({ pages: at('build'), assets: at('build'), fallback: '200.html' }),
      outDir: at('.svelte-kit'),
      // routes, app.html, hooks and params default to paths under `src`.
      files: { src: at('src'), assets: at('static') },
      env: { dir: here },
    }),
  ],
  ssr: {
    // Kit 3 needs cookie@2 (ESM, `parseCookie`), which npm nests under
    // node_modules/@sveltejs/kit because other packages hoist cookie@0.7 to
    // the root. Kit's runtime is inlined into the server build but cookie is
    // left external, so at analyse/preview time Node resolves the hoisted
    // CommonJS 0.7 and fails with "Named export 'parseCookie' not found".
    // Bundling it makes Vite resolve it from Kit's own folder instead.
    noExternal: ['cookie'],
  },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
  test: {
    name: 'web',
    root: here,
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
