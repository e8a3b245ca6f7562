/**
 * The local stack's ports. `start` is what `npm start` uses and what the README
 * lists; `test` (+1000) and `bench` (+2000) are shifted so the integration
 * tests and benchmarks can run while a developer's stack is up.
 */
export interface PortLayout {
  firestore: number;
  auth: number;
  functions: number;
  /** firebase-tools' own hub, logging, eventarc and tasks ports: taken even when unused. */
  firebaseHub: number;
  firebaseLogging: number;
  firebaseEventarc: number;
  firebaseTasks: number;
  cloudTasks: number;
  /** Serves the Cloud Tasks emulator's OIDC certificates. */
  cloudTasksCerts: number;
  vertex: number;
  r2: number;
  web: number;
}

export type StackProfile = 'start' | 'test' | 'bench';

const offsets: Record<StackProfile, number> = { start: 0, test: 1000, bench: 2000 };

const startPorts: PortLayout = {
  firestore: 8080,
  auth: 9099,
  functions: 5001,
  firebaseHub: 4400,
  firebaseLogging: 4500,
  firebaseEventarc: 9299,
  firebaseTasks: 9499,
  cloudTasks: 8123,
  cloudTasksCerts: 8124,
  vertex: 8090,
  r2: 4569,
  web: 5173,
};

export function portsFor(profile: StackProfile): PortLayout {
  const shifted = Object.entries(startPorts).map(([name, port]) => [name, port + offsets[profile]]);
  return Object.fromEntries(shifted) as unknown as PortLayout;
}
