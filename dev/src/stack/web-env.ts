import { webEnv } from './launch.ts';
import { portsFor, type StackProfile } from './ports.ts';

/**
 * Prints `NAME=value` lines that point a web build at a profile's emulators:
 * `env $(node dev/src/stack/web-env.ts test) npm run build -w web`.
 */
const profile = (process.argv[2] ?? 'start') as StackProfile;
if (!['start', 'test', 'bench'].includes(profile)) {
  process.stderr.write(`unknown profile "${profile}"; use start, test or bench\n`);
  process.exit(2);
}
for (const [name, value] of Object.entries(webEnv(portsFor(profile))))
  process.stdout.write(`${name}=${value}\n`);
