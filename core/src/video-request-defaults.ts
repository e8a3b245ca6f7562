// Kept free of zod so the explore page can use the defaults without the video request schemas.
import {
  defaultVideoModelId,
  type VideoAspectRatio,
  type VideoDurationSeconds,
  type VideoModelId,
  type VideoResolution,
} from './video-models.ts';

/** What the video form starts with, and what a field left out of a request means. */
export const videoRequestDefaults = {
  durationSeconds: 8,
  aspectRatio: '16:9',
  resolution: '720p',
  generateAudio: true,
  model: defaultVideoModelId,
} as const satisfies {
  durationSeconds: VideoDurationSeconds;
  aspectRatio: VideoAspectRatio;
  resolution: VideoResolution;
  generateAudio: boolean;
  model: VideoModelId;
};
