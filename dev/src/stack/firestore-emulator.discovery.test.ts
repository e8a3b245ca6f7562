import { describe, expect, it } from 'vitest';
import { firestoreJarCandidates, javaMajorVersion } from './firestore-emulator.ts';

describe('firestoreJarCandidates', () => {
  it('uses only the override when FIRESTORE_EMULATOR_JAR is set', () => {
    expect(
      firestoreJarCandidates({ override: '/opt/fs.jar', sdkRoot: '/sdk', firebaseCacheJars: ['/c/a.jar'] }),
    ).toEqual(['/opt/fs.jar']);
  });

  it('prefers the Cloud SDK jar, then the newest firebase-tools download', () => {
    expect(
      firestoreJarCandidates({
        override: undefined,
        sdkRoot: '/sdk',
        firebaseCacheJars: [
          '/c/cloud-firestore-emulator-v1.19.9.jar',
          '/c/cloud-firestore-emulator-v1.19.10.jar',
        ],
      }),
    ).toEqual([
      '/sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
      '/c/cloud-firestore-emulator-v1.19.10.jar',
      '/c/cloud-firestore-emulator-v1.19.9.jar',
    ]);
  });

  it('has nothing to offer without gcloud or a cache', () => {
    expect(
      firestoreJarCandidates({ override: undefined, sdkRoot: undefined, firebaseCacheJars: [] }),
    ).toEqual([]);
  });
});

describe('javaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_402"', 8],
  ])('reads %s as %i', (output, major) => {
    expect(javaMajorVersion(output)).toBe(major);
  });

  it('gives undefined for output it does not recognise', () => {
    expect(javaMajorVersion('command not found')).toBeUndefined();
  });
});
