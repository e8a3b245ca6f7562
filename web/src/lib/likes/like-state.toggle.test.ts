import { describe, expect, it } from 'vitest';
import {
  callFailed,
  callStarted,
  callSucceeded,
  clicked,
  countRead,
  initialLikeState,
  isSettling,
  likeRead,
  nextCall,
  settled,
  shownCount,
  viewerChanged,
  shownLiked,
  type LikeState,
} from './like-state.ts';

/** A post with `count` likes, the like document read from the server. */
function atRest(count: number, liked: boolean): LikeState {
  return likeRead(countRead(initialLikeState(count), count), liked, false);
}

/** Starts the call the state asks for, as the component does; fails the test when none is due. */
function send(state: LikeState): [LikeState, boolean] {
  const liked = nextCall(state);
  expect(liked).not.toBeNull();
  return [callStarted(state, liked!), liked!];
}

const shown = (state: LikeState) => ({ liked: shownLiked(state), count: shownCount(state) });

describe('like toggle', () => {
  it('likes at once, reconciles with the document and the rolled-up count', () => {
    let state = clicked(atRest(4, false));
    expect(shown(state)).toEqual({ liked: true, count: 5 });
    const [sending, liked] = send(state);
    state = sending;
    expect(liked).toBe(true);
    expect(nextCall(state)).toBeNull();

    state = likeRead(state, true, false);
    state = callSucceeded(state, true);
    // The count is rolled up about a second later; the heart does not flicker back to 4.
    expect(shown(state)).toEqual({ liked: true, count: 5 });
    expect(isSettling(state)).toBe(true);
    state = countRead(state, 5);
    expect(shown(state)).toEqual({ liked: true, count: 5 });
    expect(state.desired).toBeNull();
    expect(state.othersAtClick).toBeNull();
    expect(isSettling(state)).toBe(false);
  });

  it('unlikes the same way', () => {
    let state = clicked(atRest(5, true));
    expect(shown(state)).toEqual({ liked: false, count: 4 });
    [state] = send(state);
    state = callSucceeded(likeRead(state, false, false), false);
    state = countRead(state, 4);
    expect(shown(state)).toEqual({ liked: false, count: 4 });
    expect(isSettling(state)).toBe(false);
  });

  it('serializes a double click: the second call waits, and the server ends where the heart is', () => {
    let state = clicked(atRest(4, false));
    const [sendingFirst, first] = send(state);
    state = sendingFirst;
    state = clicked(state);
    expect(shown(state)).toEqual({ liked: false, count: 4 });
    // One call out: the second click only changes what the viewer wants.
    expect(nextCall(state)).toBeNull();

    state = likeRead(state, true, false);
    state = countRead(state, 5); // the like's rollup lands meanwhile
    expect(shown(state)).toEqual({ liked: false, count: 4 });
    state = callSucceeded(state, first);
    const [sendingSecond, second] = send(state);
    state = sendingSecond;
    expect([first, second]).toEqual([true, false]);

    state = callSucceeded(likeRead(state, false, false), false);
    expect(shown(state)).toEqual({ liked: false, count: 4 });
    state = countRead(state, 4);
    expect(shown(state)).toEqual({ liked: false, count: 4 });
    expect(nextCall(state)).toBeNull();
    expect(isSettling(state)).toBe(false);
  });

  it('coalesces a triple click into the one call that was already out', () => {
    let state = clicked(atRest(0, false));
    [state] = send(state);
    state = clicked(clicked(state));
    expect(shown(state)).toEqual({ liked: true, count: 1 });
    state = callSucceeded(state, true);
    expect(nextCall(state)).toBeNull();
  });

  it('rolls back with a message when the call fails', () => {
    let state = clicked(atRest(7, false));
    [state] = send(state);
    state = callFailed(state, 'We could not reach Phoenix.');
    expect(shown(state)).toEqual({ liked: false, count: 7 });
    expect(state.error).toBe('We could not reach Phoenix.');
    expect(nextCall(state)).toBeNull();
  });

  it('drops a queued change when the call before it fails, and says nothing when nothing is undone', () => {
    let state = clicked(atRest(7, false));
    [state] = send(state);
    state = clicked(state); // back to "not liked", which the server still holds
    state = callFailed(state, 'We could not reach Phoenix.');
    expect(shown(state)).toEqual({ liked: false, count: 7 });
    expect(state.error).toBeNull();
    expect(nextCall(state)).toBeNull();
  });

  it('lets other people’s likes move the count while the viewer’s own is on its way', () => {
    let state = clicked(atRest(10, false));
    [state] = send(state);
    state = countRead(state, 12); // two others liked
    expect(shown(state)).toEqual({ liked: true, count: 12 });
    state = callSucceeded(likeRead(state, true, false), true);
    state = countRead(state, 13); // the viewer's like rolled up
    expect(shown(state)).toEqual({ liked: true, count: 13 });
    expect(state.othersAtClick).toBeNull();
    state = countRead(state, 11);
    expect(shown(state)).toEqual({ liked: true, count: 11 });
  });

  it('trusts the server after the settle timeout when the count never gets there', () => {
    let state = clicked(atRest(3, false));
    [state] = send(state);
    state = callSucceeded(likeRead(state, true, false), true);
    // Someone unliked at the same time: the exact total is 3 - 1 + 1 = 3, never the 4 expected.
    state = countRead(state, 3);
    expect(shown(state)).toEqual({ liked: true, count: 4 });
    expect(isSettling(state)).toBe(true);
    state = settled(state);
    expect(shown(state)).toEqual({ liked: true, count: 3 });
  });

  it('does not end a clamp by timeout while a call is out', () => {
    let state = clicked(atRest(3, false));
    [state] = send(state);
    expect(isSettling(state)).toBe(false);
    expect(settled(state)).toBe(state);
  });

  it('shows a cached read but still sends when only the cache says the post is liked', () => {
    let state = likeRead(initialLikeState(2), true, true);
    expect(shown(state)).toEqual({ liked: true, count: 2 });
    state = clicked(state);
    expect(nextCall(state)).toBe(false);
    state = clicked(initialLikeState(2));
    // Nothing read yet: the click still goes out.
    expect(nextCall(state)).toBe(true);
  });

  it('follows the like made from another tab when nothing is pending', () => {
    let state = atRest(1, false);
    state = countRead(likeRead(state, true, false), 2);
    expect(shown(state)).toEqual({ liked: true, count: 2 });
  });

  it('never shows a negative count', () => {
    const state = clicked(atRest(0, true));
    expect(shownCount(state)).toBe(0);
    expect(shownCount(countRead(initialLikeState(-3), -1))).toBe(0);
  });

  it('forgets the last viewer’s like when someone else signs in, and keeps the count', () => {
    const state = viewerChanged(clicked(atRest(5, true)));
    expect(shown(state)).toEqual({ liked: false, count: 5 });
    expect(nextCall(state)).toBeNull();
  });
});
