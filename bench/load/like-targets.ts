import { pickOne, type Random } from './mix.ts';

/**
 * Which seed post a like may go to, and whether it is a like or an unlike.
 *
 * A post's likeCount is rolled up at most once a second (core's likes.ts),
 * so two likes on one post in the same second raise one change, and a like
 * and an unlike may raise none. Each post therefore takes one like or
 * unlike at a time, from the call until the observer sees the count it must
 * reach (the count before, plus or minus one): exact, with no guessing
 * which change was whose. A post whose operation failed or timed out may
 * still change later by an unknown amount, so it takes no more.
 */
export class LikeTargets {
  private readonly busy = new Set<string>();
  private readonly retired = new Set<string>();
  private readonly liked = new Set<string>();
  private readonly posts: readonly string[];

  constructor(posts: readonly string[]) {
    this.posts = posts;
  }

  /** A post with no like in flight, now taken; undefined when every post is busy or retired. */
  claim(random: Random): string | undefined {
    const idle = this.posts.filter((post) => !this.busy.has(post) && !this.retired.has(post));
    if (idle.length === 0) return undefined;
    const post = pickOne(random, idle);
    this.busy.add(post);
    return post;
  }

  /** True to like (the user does not like the post yet), false to take the like back. */
  nextLiked(uid: string, post: string): boolean {
    return !this.liked.has(`${uid}/${post}`);
  }

  /** The like or unlike was seen: the post is free again. */
  settled(uid: string, post: string, liked: boolean): void {
    if (liked) this.liked.add(`${uid}/${post}`);
    else this.liked.delete(`${uid}/${post}`);
    this.busy.delete(post);
  }

  /** The operation failed: the post's count is no longer predictable, so it takes no more. */
  retire(post: string): void {
    this.busy.delete(post);
    this.retired.add(post);
  }

  get retiredCount(): number {
    return this.retired.size;
  }
}
