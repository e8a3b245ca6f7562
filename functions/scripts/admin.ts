/**
 * `npm run admin -- grant <email>` / `revoke <email>`: sets or clears the
 * `admin: true` custom claim. Against the local stack (`npm start`'s Auth
 * emulator) by default; `--project <id>` targets a real project with the
 * caller's Application Default Credentials. The user must sign in again (or
 * refresh their token) for the change to reach their session.
 */
import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';

const usage = 'usage: npm run admin -- grant|revoke <email> [--project <project-id>]';
/** The local stack's Auth emulator and project, as `npm start` runs them. */
const localAuthHost = '127.0.0.1:9099';
const localProject = 'demo-phoenix';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { project: { type: 'string' } },
  });
  const [action, email] = positionals;
  if ((action !== 'grant' && action !== 'revoke') || !email || positionals.length !== 2) {
    console.error(usage);
    return 2;
  }
  if (!values.project) process.env.FIREBASE_AUTH_EMULATOR_HOST ??= localAuthHost;
  const auth = getAuth(initializeApp({ projectId: values.project ?? localProject }));
  const user = await auth.getUserByEmail(email).catch(() => undefined);
  if (!user) {
    console.error(
      `No user signs in as ${email}${values.project ? ` in ${values.project}` : ' on the local stack'}.`,
    );
    return 1;
  }
  const { admin: _previous, ...otherClaims } = user.customClaims ?? {};
  await auth.setCustomUserClaims(
    user.uid,
    action === 'grant' ? { ...otherClaims, admin: true } : otherClaims,
  );
  console.log(
    `${email} is ${action === 'grant' ? 'now an admin' : 'no longer an admin'}; it applies from their next sign-in or token refresh.`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`admin: ${(error as Error).message}`);
    process.exit(1);
  },
);
