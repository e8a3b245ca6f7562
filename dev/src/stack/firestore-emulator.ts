import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ChildSpec } from './child.ts';

const run = promisify(execFile);

/** The class that `cloud_firestore_emulator` runs; the jar has no Main-Class manifest. */
const mainClass = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';

export const firestoreJarHelp = [
  'The Cloud Firestore emulator was not found. Either:',
  '  - install the Google Cloud SDK component: gcloud components install cloud-firestore-emulator',
  '    (or Debian/Ubuntu: apt-get install google-cloud-cli-firestore-emulator), or',
  '  - set FIRESTORE_EMULATOR_JAR to the path of cloud-firestore-emulator*.jar, or',
  '  - on a machine with internet and Java 21+, run once: npx firebase setup:emulators:firestore',
].join('\n');

export interface JarSearch {
  /** `FIRESTORE_EMULATOR_JAR`, when set: always wins. */
  override: string | undefined;
  /** The Google Cloud SDK root, when gcloud is installed. */
  sdkRoot: string | undefined;
  /** Jars that firebase-tools downloaded into its cache. */
  firebaseCacheJars: string[];
}

/** Where to look for the emulator jar, in order of preference. Pure, so it is unit-tested. */
export function firestoreJarCandidates(search: JarSearch): string[] {
  if (search.override) return [search.override];
  const candidates: string[] = [];
  if (search.sdkRoot) {
    candidates.push(
      join(search.sdkRoot, 'platform', 'cloud-firestore-emulator', 'cloud-firestore-emulator.jar'),
    );
  }
  const newestFirst = [...search.firebaseCacheJars].sort((a, b) =>
    b.localeCompare(a, undefined, { numeric: true }),
  );
  return [...candidates, ...newestFirst];
}

async function gcloudSdkRoot(): Promise<string | undefined> {
  try {
    const { stdout } = await run('gcloud', ['info', '--format=value(installation.sdk_root)'], {
      timeout: 15_000,
    });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

function firebaseCacheJars(): string[] {
  const folder = join(homedir(), '.cache', 'firebase', 'emulators');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => /^cloud-firestore-emulator-v[\d.]+\.jar$/.test(name))
    .map((name) => join(folder, name));
}

/** Finds the jar, or throws with instructions. */
export async function findFirestoreJar(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const override = env.FIRESTORE_EMULATOR_JAR;
  const candidates = firestoreJarCandidates({
    override,
    sdkRoot: override ? undefined : await gcloudSdkRoot(),
    firebaseCacheJars: override ? [] : firebaseCacheJars(),
  });
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  if (override) throw new Error(`FIRESTORE_EMULATOR_JAR points at ${override}, which does not exist.`);
  throw new Error(firestoreJarHelp);
}

/** Parses the major version out of `java -version` output ("17.0.15", "1.8.0_402", "21"). */
export function javaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

/** The emulator jar runs on Java 11 and later (checked on 17). */
export const minimumJavaMajor = 11;

export async function checkJava(): Promise<void> {
  let output: string;
  try {
    const { stderr, stdout } = await run('java', ['-version'], { timeout: 15_000 });
    output = `${stderr}${stdout}`;
  } catch {
    throw new Error(
      'Java was not found. The Firestore emulator needs Java 11 or later: apt-get install openjdk-17-jre-headless',
    );
  }
  const major = javaMajorVersion(output);
  if (major === undefined || major < minimumJavaMajor) {
    throw new Error(`Java ${major ?? '?'} is too old for the Firestore emulator; install Java 17 or later.`);
  }
}

export function firestoreEmulatorSpec(options: {
  jar: string;
  port: number;
  projectId: string;
  rulesPath: string;
}): ChildSpec {
  return {
    name: 'firestore',
    command: 'java',
    args: [
      '-cp',
      options.jar,
      mainClass,
      'start',
      '--host=127.0.0.1',
      `--port=${options.port}`,
      `--project_id=${options.projectId}`,
      `--rules=${options.rulesPath}`,
      '--single_project_mode=true',
    ],
  };
}
