import { errorCodes, jobStatusLabels, videoRequestDefaults, type VideoOutput } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { CANCELED_SUMMARY, NOT_CHARGED } from '../jobs/job-presentation.ts';
import { presentDraft, visibleDrafts, type DraftView } from './draft-presentation.ts';

const created = Date.UTC(2026, 11, 1, 12, 0, 0);

const output: VideoOutput = {
  videoUrl: 'https://media.example/videos/u/vid_1.mp4',
  posterUrl: 'https://media.example/videos/u/vid_1_poster.webp',
  thumbUrl: 'https://media.example/videos/u/vid_1_thumb.webp',
  placeholder: 'data:image/webp;base64,AAAA',
  dominantColor: '#223344',
  durationSeconds: 6,
  width: 1280,
  height: 720,
  bytes: 2_000_000,
};

function draft(overrides: Partial<DraftView> = {}): DraftView {
  return {
    id: 'job_v1',
    status: 'queued',
    phase: null,
    progress: null,
    updatedAtMs: created,
    params: { ...videoRequestDefaults, prompt: 'a fox in the snow', durationSeconds: 6 },
    cost: { tokens: 30, tokensRefunded: 0 },
    error: null,
    output: null,
    publishedPostId: null,
    sourceImage: null,
    discarded: false,
    createdAtMs: created,
    startedAtMs: null,
    ...overrides,
  };
}

describe('presentDraft', () => {
  it('shows a queued draft waiting, with its place in line once known, and lets it be canceled', () => {
    expect(presentDraft(draft(), { ahead: 2, beyondBoard: false, eta: 'about 1–2 min' })).toMatchObject({
      statusLabel: jobStatusLabels.queued,
      tone: 'waiting',
      summary: 'Waiting in queue · 2 jobs ahead of yours · about 1–2 min',
      inProgress: true,
      cancelable: true,
      publishable: false,
      discard: null,
      retryLabel: null,
    });
    expect(presentDraft(draft()).summary).toBe('Waiting in queue');
  });

  it('names the running step on the chip and offers nothing to press', () => {
    const view = presentDraft(draft({ status: 'running', phase: 'generating' }), {
      ahead: 3,
      beyondBoard: false,
      eta: null,
    });
    expect(view).toMatchObject({
      statusLabel: 'Generating',
      tone: 'working',
      summary: 'Veo is making your video',
      inProgress: true,
      cancelable: false,
      discard: null,
      retryLabel: null,
    });
    expect(presentDraft(draft({ status: 'running', phase: 'submitted' })).statusLabel).toBe(
      'Submitted to Veo',
    );
    expect(presentDraft(draft({ status: 'running', phase: 'finalizing' })).statusLabel).toBe('Finalizing');
    expect(presentDraft(draft({ status: 'running', phase: null })).statusLabel).toBe('Starting');
  });

  it('offers publish and discard on a finished draft, with its length and price', () => {
    expect(presentDraft(draft({ status: 'succeeded', output }))).toMatchObject({
      tone: 'done',
      summary: '6 s video · 30 tokens',
      inProgress: false,
      publishable: true,
      discard: {
        question: 'Discard this video? It is deleted for good, and the tokens it cost are not refunded.',
        confirmLabel: 'Discard video',
      },
      retryLabel: 'Make another like it',
    });
  });

  it('offers neither once it is published: the video is the post’s now', () => {
    const view = presentDraft(draft({ status: 'succeeded', output, publishedPostId: 'vid_job_v1' }));
    expect(view.publishable).toBe(false);
    expect(view.discard).toBeNull();
  });

  it('offers nothing on a draft already discarded, while its media are purged', () => {
    expect(presentDraft(draft({ status: 'succeeded', output, discarded: true })).discard).toBeNull();
    expect(presentDraft(draft({ status: 'failed', discarded: true })).discard).toBeNull();
  });

  it('says what went wrong, that nothing was charged, and offers to try again or discard it', () => {
    const failed = draft({
      status: 'failed',
      error: { code: 'safety_blocked', message: errorCodes.safety_blocked.message },
      cost: { tokens: 30, tokensRefunded: 30 },
    });
    expect(presentDraft(failed)).toMatchObject({
      tone: 'failed',
      summary: errorCodes.safety_blocked.message,
      notes: [NOT_CHARGED],
      retryLabel: 'Try again',
      publishable: false,
      discard: {
        question: 'Discard this draft? It leaves your list for good.',
        confirmLabel: 'Discard draft',
      },
    });
  });

  it('claims no refund it did not see, and falls back to a general message', () => {
    const view = presentDraft(draft({ status: 'failed' }));
    expect(view.notes).toEqual([]);
    expect(view.summary).toBe(errorCodes.internal.message);
  });

  it('shows a canceled draft as not charged, with a way to ask again or discard it', () => {
    expect(presentDraft(draft({ status: 'canceled' }))).toMatchObject({
      summary: CANCELED_SUMMARY,
      retryLabel: 'Try again',
      cancelable: false,
      publishable: false,
      discard: {
        question: 'Discard this draft? It leaves your list for good.',
        confirmLabel: 'Discard draft',
      },
    });
  });
});

describe('visibleDrafts', () => {
  it('drops discarded drafts and keeps the order', () => {
    const list = [draft({ id: 'a' }), draft({ id: 'b', discarded: true }), draft({ id: 'c' })];
    expect(visibleDrafts(list).map((entry) => entry.id)).toEqual(['a', 'c']);
  });
});
