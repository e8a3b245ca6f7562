/**
 * Builds the folder Firebase deploys the functions from. `@phoenix/core` is a
 * workspace package, not on npm, so Cloud Build could not install it: the
 * bundle inlines core (and its zod) and leaves only the real runtime
 * dependencies to `npm install`, pinned to the versions the tests ran with.
 *
 *   node scripts/bundle-for-deploy.ts [--out <dir>] [--require-env]
 *
 * `--out` defaults to `dist` beside this script's package. With
 * `--require-env` (the firebase.json predeploy passes it) the deploy settings
 * below must be set; they are written to the folder's `.env`, which Firebase
 * turns into the functions' environment.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const packageDir = resolve(import.meta.dirname, '..');
const runtimeDependencies = ['firebase-admin', 'firebase-functions', '@google-cloud/tasks'] as const;
/** What the deployed functions read besides GCLOUD_PROJECT, which Firebase sets itself. */
const deploySettings = [
  'IMAGE_SERVICE_URL',
  'VIDEO_WORKER_URL',
  'TASKS_INVOKER_EMAIL',
  'TASKS_LOCATION',
  'PHOENIX_ENFORCE_APP_CHECK',
] as const;

const { values } = parseArgs({
  options: { out: { type: 'string' }, 'require-env': { type: 'boolean', default: false } },
});
const outDir = resolve(values.out ?? join(packageDir, 'dist'));

const missing = deploySettings.filter((name) => !process.env[name]?.trim());
if (values['require-env'] && missing.length > 0) {
  console.error(`bundle-for-deploy: set ${missing.join(', ')} (the deployed functions need them)`);
  process.exit(1);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

await build({
  entryPoints: [join(packageDir, 'src', 'index.ts')],
  outfile: join(outDir, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  external: runtimeDependencies.flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
});

/** The version npm installed where Node would resolve `name` from this package (exports may hide package.json). */
const installedVersion = (name: string): string => {
  for (let dir = packageDir; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest))
      return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) throw new Error(`bundle-for-deploy: ${name} is not installed; run npm install`);
  }
};
const own = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  engines: Record<string, string>;
};
const deployManifest = {
  name: 'phoenix-functions',
  private: true,
  type: 'module',
  main: 'index.js',
  engines: own.engines,
  dependencies: Object.fromEntries(runtimeDependencies.map((name) => [name, installedVersion(name)])),
};
writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(deployManifest, null, 2)}\n`);

const settings = deploySettings.filter((name) => !missing.includes(name));
if (settings.length > 0) {
  writeFileSync(
    join(outDir, '.env'),
    settings.map((name) => `${name}=${process.env[name]!.trim()}\n`).join(''),
  );
}
console.log(`bundle-for-deploy: ${outDir} (${settings.length ? settings.join(', ') : 'no deploy settings'})`);
