import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { ChildSpec } from './child.ts';
import type { PortLayout } from './ports.ts';

interface FirebaseJson {
  functions?: { source: string; predeploy?: string[] }[];
  emulators?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * The repo's firebase.json with the emulator ports of a profile. firebase-tools
 * has no port flags and resolves `functions.source` against the config file's
 * folder, so the copy lives one folder down and points back up.
 */
export function firebaseConfigFor(
  base: FirebaseJson,
  ports: PortLayout,
  configDirFromRoot: string,
): FirebaseJson {
  const up = relative(configDirFromRoot, '.') || '.';
  const at = (port: number) => ({ host: '127.0.0.1', port });
  return {
    ...base,
    // Deploy ships the bundle in functions/dist; the emulator runs the workspace
    // itself (functions/lib, rebuilt by tsc --watch), which a fresh clone has.
    functions: (base.functions ?? []).map(({ predeploy: _predeploy, ...codebase }) => ({
      ...codebase,
      source: join(up, 'functions'),
    })),
    emulators: {
      ...base.emulators,
      auth: at(ports.auth),
      functions: at(ports.functions),
      hub: at(ports.firebaseHub),
      logging: at(ports.firebaseLogging),
      eventarc: at(ports.firebaseEventarc),
      tasks: at(ports.firebaseTasks),
      ui: { enabled: false },
    },
  };
}

export function firebaseEmulatorsSpec(options: {
  root: string;
  base: FirebaseJson;
  ports: PortLayout;
  projectId: string;
  profile: string;
  /** What the functions need to reach the rest of the stack (Cloud Tasks, the image service). */
  stackEnv: Record<string, string>;
}): ChildSpec {
  const configDirFromRoot = '.phoenix';
  mkdirSync(join(options.root, configDirFromRoot), { recursive: true });
  const configPath = join(
    options.root,
    configDirFromRoot,
    `firebase.${options.profile}-${options.ports.firestore}.json`,
  );
  writeFileSync(
    configPath,
    `${JSON.stringify(firebaseConfigFor(options.base, options.ports, configDirFromRoot), null, 2)}\n`,
  );
  return {
    name: 'firebase',
    command: join(options.root, 'node_modules', '.bin', 'firebase'),
    args: [
      'emulators:start',
      '--only',
      'auth,functions',
      '--project',
      options.projectId,
      '--config',
      configPath,
    ],
    cwd: options.root,
    env: {
      ...process.env,
      ...options.stackEnv,
      FIRESTORE_EMULATOR_HOST: `127.0.0.1:${options.ports.firestore}`,
      // Keeps firebase-tools from writing into the developer's own config.
      XDG_CONFIG_HOME: join(tmpdir(), 'phoenix-firebase-config'),
      METADATA_SERVER_DETECTION: 'none',
      FORCE_COLOR: '0',
    },
  };
}
