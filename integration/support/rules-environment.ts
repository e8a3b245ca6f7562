import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  imageRequestDefaults,
  newImageJob,
  newProfileFields,
  type ImageRequest,
  type JobDoc,
  type PostDoc,
  type ProfileDoc,
} from '@phoenix/core';
import { initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { Timestamp, setLogLevel } from 'firebase/firestore';
import { repoRoot } from '../../dev/src/stack/launch.ts';
import { quoteAtAccept } from './seed-job.ts';
import { testStack, uniquePrefix } from './stack.ts';

/**
 * Browser clients of the shared test stack's Firestore, judged by the repo's
 * `firestore.rules` as deployed. The rules see real collection names, so
 * tests use fresh document ids and users rather than a collection prefix.
 */
export async function rulesTestEnvironment(): Promise<RulesTestEnvironment> {
  // Denials are the expected outcome of most checks; the SDK would log each as an error.
  setLogLevel('silent');
  const { projectId, firestore } = testStack();
  return initializeTestEnvironment({
    projectId,
    firestore: { ...firestore, rules: readFileSync(join(repoRoot, 'firestore.rules'), 'utf8') },
  });
}

// Documents as the servers write them, for the rules to judge reads and writes of real shapes.
const request: ImageRequest = { ...imageRequestDefaults, prompt: 'a paper crane in the rain', count: 1 };

/** A freshly accepted image job of `uid`, as `createImageJob` writes it. */
export function jobDoc(uid: string): JobDoc<Timestamp> {
  return newImageJob(uid, request, quoteAtAccept(request), Timestamp.now());
}

/** A post of `ownerUid`, as the image service publishes it; `hidden` as its owner hides it. */
export function postDoc(ownerUid: string, hidden: boolean): PostDoc<Timestamp> {
  return {
    kind: 'image',
    ownerUid,
    jobId: uniquePrefix('job'),
    prompt: request.prompt,
    negativePrompt: null,
    aspectRatio: request.aspectRatio,
    model: request.model,
    seed: null,
    enhancePrompt: request.enhancePrompt,
    imageUrl: 'https://media.phoenix.test/posts/0.webp',
    thumbUrl: 'https://media.phoenix.test/posts/0-thumb.webp',
    width: 1024,
    height: 1024,
    placeholder: 'data:image/webp;base64,UklGRg==',
    dominantColor: '#3a5f7d',
    imageSize: request.imageSize,
    likeCount: 0,
    hidden,
    hiddenReason: hidden ? 'owner' : null,
    remixOf: null,
    createdAt: Timestamp.now(),
  };
}

/** The profile of `uid` before any name or bio. */
export function profileDoc(uid: string): ProfileDoc<Timestamp> {
  return { ...newProfileFields(uid), createdAt: Timestamp.now(), updatedAt: Timestamp.now() };
}
