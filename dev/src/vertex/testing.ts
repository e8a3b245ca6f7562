/**
 * Helpers for tests that drive the fake (or real Vertex) through
 * @google/genai: polling a Veo operation to completion and probing MP4s.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GenerateVideosOperation, GoogleGenAI } from '@google/genai';

const execFileAsync = promisify(execFile);

export interface PollOptions {
  /** Pause between polls, in milliseconds. Default 100. */
  intervalMs?: number;
  /** Give up after this long, in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** Per-call HTTP options for each poll, e.g. fault headers. */
  headers?: Record<string, string>;
}

/** Polls `operations.getVideosOperation` until `done`, returning the final operation. */
export async function waitForVideoOperation(
  ai: GoogleGenAI,
  operation: GenerateVideosOperation,
  options: PollOptions = {},
): Promise<GenerateVideosOperation> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let current = operation;
  while (!current.done) {
    if (Date.now() > deadline) throw new Error(`operation ${operation.name ?? '?'} not done in time`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
    current = await ai.operations.getVideosOperation({
      operation: current,
      ...(options.headers ? { config: { httpOptions: { headers: options.headers } } } : {}),
    });
  }
  return current;
}

export interface VideoProbe {
  /** Container duration in seconds. */
  durationSeconds: number;
  video:
    | {
        codec: string;
        width: number;
        height: number;
        pixelFormat: string;
        /** Stream duration, seconds. */ durationSeconds: number;
      }
    | undefined;
  audioCodec: string | undefined;
}

interface FfprobeJson {
  format?: { duration?: string; format_name?: string };
  streams?: Array<{
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    pix_fmt?: string;
    duration?: string;
  }>;
}

/** Runs ffprobe on in-memory media. */
export async function probeVideo(bytes: Uint8Array, ffprobePath = 'ffprobe'): Promise<VideoProbe> {
  const dir = await mkdtemp(join(tmpdir(), 'vertex-probe-'));
  try {
    const file = join(dir, 'media.mp4');
    await writeFile(file, bytes);
    const { stdout } = await execFileAsync(ffprobePath, [
      '-v',
      'error',
      '-show_entries',
      'format=duration,format_name:stream=codec_type,codec_name,width,height,pix_fmt,duration',
      '-of',
      'json',
      file,
    ]);
    const json = JSON.parse(stdout) as FfprobeJson;
    const video = json.streams?.find((s) => s.codec_type === 'video');
    return {
      durationSeconds: Number(json.format?.duration ?? Number.NaN),
      video: video
        ? {
            codec: video.codec_name ?? '',
            width: video.width ?? 0,
            height: video.height ?? 0,
            pixelFormat: video.pix_fmt ?? '',
            durationSeconds: Number(video.duration ?? Number.NaN),
          }
        : undefined,
      audioCodec: json.streams?.find((s) => s.codec_type === 'audio')?.codec_name,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
