import { checkJava, findFirestoreJar } from './firestore-emulator.ts';

/** Fails early, with the fix, when the machine lacks what the Firestore emulator needs. */
try {
  await checkJava();
  const jar = await findFirestoreJar();
  console.log(`Firestore emulator: ${jar}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
