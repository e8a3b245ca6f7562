import { describe, expect, it } from 'vitest';
import { imageQueue, imageService } from './image-task.ts';
import { queueDepthAlertThresholds } from './telemetry.ts';
import { videoPollSeconds, videoQueue, videoWorker } from './video-task.ts';

describe('queue depth alert thresholds', () => {
  it('has one per queue, and no other', () => {
    expect(Object.keys(queueDepthAlertThresholds).sort()).toEqual([imageQueue.name, videoQueue.name].sort());
  });

  it('puts the images line at what the image service works on at once', () => {
    expect(queueDepthAlertThresholds.images).toBe(imageService.concurrency * imageService.maxInstances);
  });

  it('puts the videos line at the most videos the rate limit can poll at the slowest spacing', () => {
    const videos = queueDepthAlertThresholds.videos;
    // Each of them asks for one dispatch every `most` seconds: together within the rate, one more is not.
    expect(videos / videoPollSeconds.most).toBeLessThanOrEqual(videoQueue.maxDispatchesPerSecond);
    expect((videos + 1) / videoPollSeconds.most).toBeGreaterThan(videoQueue.maxDispatchesPerSecond);
    // Polls sit in the queue while Veo works, so the line is above what the workers hold at once.
    expect(videos).toBeGreaterThan(videoWorker.concurrency * videoWorker.maxInstances);
  });
});
