/**
 * The local stack's ports. `start` is what `npm start` uses and what the README
 * lists; `test` (+1000), `bench` (+3000) and `faults` (+5000) are shifted so the
 * integration tests, benchmarks and the fault suite can run while a developer's stack is up.
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
  /** The Cloud Run Admin v2 fake (gRPC). */
  runAdmin: number;
  vertex: number;
  r2: number;
  /** The image service (Cloud Run locally). */
  image: number;
  /** The video worker (Cloud Run locally). */
  video: number;
  web: number;
}

export type StackProfile = 'start' | 'test' | 'bench' | 'faults';

const offsets: Record<StackProfile, number> = { start: 0, test: 1000, bench: 3000, faults: 5000 };

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
  runAdmin: 8125,
  vertex: 8090,
  r2: 4569,
  image: 8082,
  video: 8083,
  web: 5173,
};

/**
 * `PHOENIX_PORT_SHIFT` (default 0) moves a whole layout further, so two
 * checkouts can run their test stacks side by side.
 */
export function portsFor(profile: StackProfile, shift = portShiftFromEnv()): PortLayout {
  refuseOverlappingShift(shift);
  const shifted = Object.entries(startPorts).map(
    ([name, port]) => [name, port + offsets[profile] + shift] as const,
  );
  const blocked = shifted.filter(([, port]) => fetchBlockedPorts.has(port));
  if (blocked.length > 0) {
    throw new Error(
      `PHOENIX_PORT_SHIFT ${shift} puts the ${profile} stack's ${blocked.map(([name, port]) => `${name} on ${port}`).join(', ')}, ` +
        'a port fetch refuses to connect to; pick another shift.',
    );
  }
  return Object.fromEntries(shifted) as unknown as PortLayout;
}

/**
 * What every profile offset and port shift is a whole number of. No two start
 * ports are a multiple of it apart (firebase-tools' own are 100 and 200 apart),
 * so any two layouts share either every port or none: never a stack whose hub
 * is another's logging port. One sharing every port is refused at launch, as
 * its ports are taken.
 */
export const portShiftStride = 1000;

/** Throws unless `shift` is a whole number of {@link portShiftStride}s ≥ 0. */
export function refuseOverlappingShift(shift: number): void {
  if (Number.isInteger(shift) && shift >= 0 && shift % portShiftStride === 0) return;
  throw new Error(
    `PHOENIX_PORT_SHIFT must be a whole multiple of ${portShiftStride} (0, ${portShiftStride}, ` +
      `${2 * portShiftStride}, …), not ${shift}: other steps can put one stack's ports on another's ` +
      "(firebase-tools' own are 100 and 200 apart).",
  );
}

function portShiftFromEnv(): number {
  return Number(process.env.PHOENIX_PORT_SHIFT ?? 0);
}

/**
 * Ports that fetch (Node's undici and every browser) refuses to connect to,
 * from the Fetch standard's "bad port" list. A stack port there is unreachable
 * from health checks and from the web SDK in Chromium.
 */
export const fetchBlockedPorts: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);
