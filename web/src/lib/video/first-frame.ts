/**
 * Whether the post a video link names can be its first frame. The server
 * checks the same (the caller's own image post) and has the last word; this
 * lets the form say so before anyone pays for a refusal. Pure.
 */
import type { PostView } from '../firebase/documents.ts';
import type { PostState } from '../firebase/posts.ts';

export type FirstFrame =
  | { status: 'loading' }
  | { status: 'ready'; post: PostView }
  /** The post cannot be used; the form refuses to send it until it is removed. */
  | { status: 'unusable'; message: string }
  /** The post could not be read; it is sent anyway and the server decides. */
  | { status: 'unreadable'; message: string };

const REMOVE_IT = 'Remove it to make the video from the prompt alone.';

/** @param uid Who is signed in; undefined while that is still being found out. */
export function firstFrameOf(state: PostState, uid: string | null | undefined): FirstFrame {
  switch (state.status) {
    case 'loading':
      return { status: 'loading' };
    case 'missing':
      return { status: 'unusable', message: `That image is not there any more. ${REMOVE_IT}` };
    case 'error':
      return { status: 'unreadable', message: state.message };
    case 'ready': {
      if (uid === undefined) return { status: 'loading' };
      if (state.post.ownerUid !== uid) {
        return { status: 'unusable', message: `You can animate only your own images. ${REMOVE_IT}` };
      }
      if (state.post.kind !== 'image') {
        return { status: 'unusable', message: `That post is a video; start from an image. ${REMOVE_IT}` };
      }
      return { status: 'ready', post: state.post };
    }
  }
}
