import { paths } from '@phoenix/core';
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectFirestoreEmulator, doc, getFirestore, onSnapshot } from 'firebase/firestore';
import type { EmulatorEndpoints } from '../../dev/src/seed/phoenix-client.ts';

/**
 * A reader apart from the likers: one web-SDK app of its own, signed out,
 * with a live listener on each seed post, as someone looking at the post
 * would have. "Like → seen" ends when this listener sees the count.
 */
export class LikeObserver {
  private readonly counts = new Map<string, number>();
  private readonly waiting = new Map<string, { count: number; seen: () => void }[]>();
  private readonly stops: (() => void)[] = [];
  private readonly app: FirebaseApp;

  private constructor(app: FirebaseApp) {
    this.app = app;
  }

  /** Resolves once every post's listener has its first snapshot. */
  static async attach(endpoints: EmulatorEndpoints, posts: readonly string[]): Promise<LikeObserver> {
    const app = initializeApp({ projectId: endpoints.projectId, apiKey: 'demo-api-key' }, 'load-observer');
    const db = getFirestore(app);
    const [host = '127.0.0.1', port = '0'] = endpoints.firestoreHost.split(':');
    connectFirestoreEmulator(db, host, Number(port));
    const observer = new LikeObserver(app);
    await Promise.all(
      posts.map(
        (post) =>
          new Promise<void>((attached, failed) => {
            observer.stops.push(
              onSnapshot(
                doc(db, paths.post(post)),
                (snapshot) => {
                  observer.update(post, Number(snapshot.get('likeCount') ?? 0));
                  attached();
                },
                failed,
              ),
            );
          }),
      ),
    );
    return observer;
  }

  /** The count this listener saw last. */
  count(post: string): number {
    return this.counts.get(post) ?? 0;
  }

  /** Resolves when the listener has seen the post's likeCount at `count`. */
  seen(post: string, count: number): Promise<void> {
    if (this.counts.get(post) === count) return Promise.resolve();
    return new Promise((seen) => {
      const list = this.waiting.get(post) ?? [];
      list.push({ count, seen });
      this.waiting.set(post, list);
    });
  }

  async close(): Promise<void> {
    for (const stop of this.stops) stop();
    await deleteApp(this.app);
  }

  private update(post: string, count: number): void {
    this.counts.set(post, count);
    const list = this.waiting.get(post) ?? [];
    const left = list.filter((waiter) => waiter.count !== count);
    for (const waiter of list) if (waiter.count === count) waiter.seen();
    this.waiting.set(post, left);
  }
}
