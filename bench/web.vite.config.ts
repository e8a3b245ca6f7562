import path from 'node:path';
import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

/**
 * The web app as web/vite.config.ts builds it, but with Kit's and the
 * adapter's output under `.phoenix/bench-web/`: `vite preview` serves Kit's
 * output folder, and the browser tests serve `web/.svelte-kit` built for the
 * test ports, so a bench build there would point their pages at the bench
 * emulators. Keep the plugin options in step with web/vite.config.ts.
 */
const web = path.resolve(import.meta.dirname, '..', 'web');
const out = path.resolve(import.meta.dirname, '..', '.phoenix', 'bench-web');

export default defineConfig({
  root: web,
  plugins: [
    sveltekit({
      adapter: adapter({
        pages: path.join(out, 'build'),
        assets: path.join(out, 'build'),
        fallback: '200.html',
      }),
      outDir: path.join(out, 'kit'),
      files: { src: path.join(web, 'src'), assets: path.join(web, 'static') },
      env: { dir: web },
    }),
  ],
  // As in web/vite.config.ts: Kit's cookie@2 must be bundled, not resolved from the root.
  ssr: { noExternal: ['cookie'] },
  preview: { host: '127.0.0.1' },
});
