import { errorCodes, jobStatusLabels } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { CANCELED_SUMMARY, presentJob, undeliveredNote, type JobView } from './job-presentation.ts';
import type { QueuePlaceView } from './job-presentation.ts';

const created = Date.UTC(2026, 10, 20, 12, 0, 0);

function job(overrides: Partial<JobView> = {}): JobView {
  return {
    id: 'job_1',
    status: 'queued',
    params: { prompt: 'a fox', count: 2, model: 'gemini-2.5-flash-image', aspectRatio: '1:1' },
    cost: { tokens: 2, tokensRefunded: 0, tokensSettled: null },
    error: null,
    outputs: [],
    filteredCount: 0,
    processingTimeMs: null,
    createdAtMs: created,
    startedAtMs: null,
    finishedAtMs: null,
    ...overrides,
  };
}

const output = (i: number) => ({
  postId: `job_1_${i}`,
  imageUrl: `https://media.example/${i}.webp`,
  thumbUrl: `https://media.example/${i}_thumb.webp`,
  width: 1024,
  height: 1024,
  placeholder: 'data:image/webp;base64,AAAA',
});

describe('presentJob', () => {
  it('shows a queued job waiting, with a clock from creation and a cancel button', () => {
    expect(presentJob(job())).toEqual({
      statusLabel: jobStatusLabels.queued,
      tone: 'waiting',
      summary: 'Waiting in queue',
      inProgress: true,
      clockStartMs: created,
      notes: [],
      cancelable: true,
    });
  });

  it('says where a queued job stands in line once that is known', () => {
    const place = (ahead: number, extra: Partial<QueuePlaceView> = {}) => ({
      ahead,
      beyondBoard: false,
      eta: null,
      ...extra,
    });
    expect(presentJob(job(), place(0)).summary).toBe('Waiting in queue · next in line');
    expect(presentJob(job(), place(1)).summary).toBe('Waiting in queue · 1 job ahead of yours');
    expect(presentJob(job(), place(12, { eta: 'about 2–3 min' })).summary).toBe(
      'Waiting in queue · 12 jobs ahead of yours · about 2–3 min',
    );
    expect(presentJob(job(), place(200, { beyondBoard: true })).summary).toBe(
      'Waiting in queue · more than 200 jobs ahead of yours',
    );
  });

  it('counts the images being generated and times from the start of work', () => {
    const view = presentJob(job({ status: 'running', startedAtMs: created + 4_000 }));
    expect(view.statusLabel).toBe('Generating');
    expect(view.summary).toBe('Generating 2 images…');
    expect(view.clockStartMs).toBe(created + 4_000);
    expect(view.cancelable).toBe(false);
    expect(presentJob(job({ status: 'running', params: { ...job().params, count: 1 } })).summary).toBe(
      'Generating 1 image…',
    );
  });

  it('sums up a finished job with what it cost', () => {
    const view = presentJob(
      job({
        status: 'succeeded',
        outputs: [output(0), output(1)],
        processingTimeMs: 4_240,
        cost: { tokens: 2, tokensRefunded: 0, tokensSettled: 2 },
      }),
    );
    expect(view).toMatchObject({
      statusLabel: 'Done',
      tone: 'done',
      summary: '2 images in 4.2 s · 2 tokens',
      inProgress: false,
      notes: [],
    });
  });

  it('notes filtered outputs and their refund', () => {
    const view = presentJob(
      job({
        status: 'succeeded',
        params: { ...job().params, count: 4 },
        outputs: [output(0), output(1), output(2)],
        filteredCount: 1,
        cost: { tokens: 4, tokensRefunded: 1, tokensSettled: 3 },
      }),
    );
    expect(view.notes).toEqual(['1 of 4 images was filtered; 1 token refunded']);
    expect(view.summary).toBe('3 images · 3 tokens');
  });

  it('shows the human reason of a failure and says it was free when fully refunded', () => {
    const message = errorCodes.safety_blocked.message;
    const view = presentJob(
      job({
        status: 'failed',
        error: { code: 'safety_blocked', message },
        cost: { tokens: 2, tokensRefunded: 2, tokensSettled: 0 },
      }),
    );
    expect(view).toMatchObject({ statusLabel: 'Failed', tone: 'failed', summary: message });
    expect(view.notes).toEqual(['You were not charged.']);
  });

  it('does not claim a refund that has not happened', () => {
    const view = presentJob(job({ status: 'failed', error: null }));
    expect(view.summary).toBe(errorCodes.internal.message);
    expect(view.notes).toEqual([]);
  });

  it('says a canceled job was free', () => {
    const view = presentJob(
      job({ status: 'canceled', cost: { tokens: 2, tokensRefunded: 2, tokensSettled: 0 } }),
    );
    expect(view).toMatchObject({ statusLabel: 'Canceled', tone: 'canceled', summary: CANCELED_SUMMARY });
    expect(CANCELED_SUMMARY).toBe('Canceled — you were not charged.');
  });
});

describe('undeliveredNote', () => {
  it.each([
    [1, 0, 4, 1, '1 of 4 images was filtered; 1 token refunded'],
    [2, 0, 4, 4, '2 of 4 images were filtered; 4 tokens refunded'],
    [1, 0, 1, 0, '1 of 1 image was filtered'],
    [0, 1, 2, 2, '1 of 2 images could not be made; 2 tokens refunded'],
    [1, 2, 4, 6, '1 of 4 images was filtered and 2 could not be made; 6 tokens refunded'],
  ])('%i filtered, %i unmade of %i, %i refunded', (filtered, unmade, requested, refunded, text) => {
    expect(undeliveredNote(filtered, unmade, requested, refunded)).toBe(text);
  });
});
