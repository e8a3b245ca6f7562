/**
 * The heart's state, as data: what the viewer sees while their like travels
 * to the server and back, and what the next `setLike` call must be.
 *
 * - Optimistic: a click flips the heart and the count at once.
 * - Serialized: one call at a time. Clicks made while a call is out only
 *   change what the viewer wants; when the call returns, one more call is
 *   made if the server does not hold that yet. A double click therefore ends
 *   with the server holding what the heart shows, in at most two calls.
 * - Reconciled: the like document (`posts/{id}/likes/{uid}`) says whether
 *   the viewer likes the post; the post's `likeCount` is rolled up from
 *   shards about a second after a like, so the count lags the document.
 *   Until the server's count has moved the viewer's way, the count shown is
 *   clamped to "everyone else at the click, plus me if I like it", which
 *   still lets other people's likes move it. A settle timeout ends the clamp
 *   when the count never gets there (others unliked meanwhile).
 * - Rolled back: a failed call returns the heart to what the server holds,
 *   with a message.
 *
 * Pure: the component feeds it events and runs {@link nextCall}.
 */

export interface LikeState {
  /** The like document as last read: null before the first read. */
  serverLiked: boolean | null;
  /** The post's `likeCount` as last read. */
  serverCount: number;
  /** What the server is known to hold: from a server (not cache) read or a call's answer. */
  acked: boolean | null;
  /** What the viewer last asked for, until the server shows it. */
  desired: boolean | null;
  /** The `liked` value of the call in flight, or null when none is. */
  sending: boolean | null;
  /** Likes by everyone but the viewer, as shown at the last click; null when not clamping. */
  othersAtClick: number | null;
  /** Why the last change was undone, in words. */
  error: string | null;
}

/** How long after the last call returns the clamp may wait for the server's count, in ms. */
export const LIKE_SETTLE_MS = 4000;

export function initialLikeState(count: number, liked: boolean | null = null): LikeState {
  return {
    serverLiked: liked,
    serverCount: Math.max(0, count),
    acked: null,
    desired: null,
    sending: null,
    othersAtClick: null,
    error: null,
  };
}

/** Whether the heart shows as liked. */
export function shownLiked(state: LikeState): boolean {
  return state.desired ?? state.serverLiked ?? false;
}

/** The count the heart shows. */
export function shownCount(state: LikeState): number {
  const { serverCount, othersAtClick } = state;
  if (othersAtClick === null) return serverCount;
  return shownLiked(state)
    ? Math.max(serverCount, othersAtClick + 1)
    : Math.max(0, Math.min(serverCount, othersAtClick));
}

/** The `liked` value to send now, or null when no call is needed (or one is out). */
export function nextCall(state: LikeState): boolean | null {
  if (state.sending !== null || state.desired === null || state.desired === state.acked) return null;
  return state.desired;
}

/** Whether the state waits for the server to catch up with no call out: time to arm {@link LIKE_SETTLE_MS}. */
export function isSettling(state: LikeState): boolean {
  return (
    state.sending === null &&
    nextCall(state) === null &&
    (state.desired !== null || state.othersAtClick !== null)
  );
}

/** Drops the optimistic layers the server has caught up with. */
function reconcile(state: LikeState): LikeState {
  if (state.sending !== null || nextCall(state) !== null) return state;
  let { desired, othersAtClick } = state;
  if (desired !== null && state.serverLiked === desired) desired = null;
  if (othersAtClick !== null) {
    const liked = desired ?? state.serverLiked ?? false;
    const caughtUp = liked ? state.serverCount >= othersAtClick + 1 : state.serverCount <= othersAtClick;
    if (caughtUp) othersAtClick = null;
  }
  return desired === state.desired && othersAtClick === state.othersAtClick
    ? state
    : { ...state, desired, othersAtClick };
}

/** The viewer clicked the heart. */
export function clicked(state: LikeState): LikeState {
  const liked = shownLiked(state);
  const othersAtClick = Math.max(0, shownCount(state) - (liked ? 1 : 0));
  return { ...state, desired: !liked, othersAtClick, error: null };
}

/**
 * A read of the like document.
 * @param fromCache The read came from the local cache, which may be stale:
 *   it is shown, but not trusted as what the server holds.
 */
export function likeRead(state: LikeState, liked: boolean, fromCache: boolean): LikeState {
  return reconcile({ ...state, serverLiked: liked, acked: fromCache ? state.acked : liked });
}

/** A read of the post's `likeCount`. */
export function countRead(state: LikeState, count: number): LikeState {
  return reconcile({ ...state, serverCount: Math.max(0, count) });
}

export function callStarted(state: LikeState, liked: boolean): LikeState {
  return { ...state, sending: liked };
}

/** The server answered: it holds `liked` now. */
export function callSucceeded(state: LikeState, liked: boolean): LikeState {
  return reconcile({ ...state, sending: null, acked: liked });
}

/**
 * The call failed, so the server holds what it held: the heart goes back to
 * that. The message is kept only when the viewer sees something undone (not
 * when they had already clicked back to what the server holds).
 */
export function callFailed(state: LikeState, message: string): LikeState {
  const held = state.acked ?? state.serverLiked ?? false;
  const undone = shownLiked(state) !== held;
  return {
    ...state,
    sending: null,
    desired: null,
    othersAtClick: null,
    serverLiked: state.serverLiked ?? held,
    error: undone ? message : null,
  };
}

/** The settle timeout passed with no call out: trust the server from now on. */
export function settled(state: LikeState): LikeState {
  if (state.sending !== null || nextCall(state) !== null) return state;
  return { ...state, desired: null, othersAtClick: null };
}

/**
 * Someone else (or no one) is signed in now: what was known about the last
 * viewer's like no longer applies. The count stays.
 */
export function viewerChanged(state: LikeState): LikeState {
  return { ...initialLikeState(state.serverCount), serverCount: state.serverCount };
}

/** The message has been read (or timed out). */
export function dismissed(state: LikeState): LikeState {
  return state.error === null ? state : { ...state, error: null };
}
