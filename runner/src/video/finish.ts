import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderImage, type RenderedImage } from '../image/render.ts';

const run = promisify(execFile);

/** A Veo MP4 made ready for the web. */
export interface FinishedVideo {
  /** The same streams, remuxed with `moov` first so playback starts before the download ends. */
  mp4: Buffer;
  /** The first frame, encoded as the feed encodes images (full, thumbnail, placeholder, colour). */
  poster: RenderedImage;
  durationSeconds: number;
  width: number;
  height: number;
}

export interface FfmpegTools {
  ffmpegPath: string;
  ffprobePath: string;
}

/** ffmpeg never runs longer than this on one 8 s video; a hung one is killed. */
const toolTimeoutMs = 60_000;

/**
 * Remuxes (no re-encode, so no quality loss and little CPU) with
 * `-movflags +faststart`, grabs the poster frame and reads the duration and
 * size with ffprobe. Works in a private temp folder, removed afterwards.
 */
export async function finishVideo(source: Buffer, tools: FfmpegTools): Promise<FinishedVideo> {
  const folder = await mkdtemp(join(tmpdir(), 'phoenix-video-'));
  try {
    const input = join(folder, 'veo.mp4');
    const output = join(folder, 'web.mp4');
    const posterPath = join(folder, 'poster.png');
    await writeFile(input, source);
    const ffmpeg = (args: string[]) =>
      run(tools.ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
        timeout: toolTimeoutMs,
      });
    await ffmpeg(['-i', input, '-map', '0', '-c', 'copy', '-movflags', '+faststart', output]);
    await ffmpeg(['-i', output, '-frames:v', '1', '-update', '1', posterPath]);
    const probe = await probeVideo(output, tools.ffprobePath);
    const [mp4, posterPng] = await Promise.all([readFile(output), readFile(posterPath)]);
    return { mp4, poster: await renderImage(posterPng), ...probe };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The container's duration and the first video stream's size. */
export async function probeVideo(
  path: string,
  ffprobePath: string,
): Promise<{ durationSeconds: number; width: number; height: number }> {
  const { stdout } = await run(
    ffprobePath,
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path],
    { timeout: toolTimeoutMs },
  );
  const parsed = JSON.parse(stdout) as {
    format?: { duration?: string };
    streams?: { codec_type?: string; width?: number; height?: number }[];
  };
  const video = parsed.streams?.find((stream) => stream.codec_type === 'video');
  const durationSeconds = Number(parsed.format?.duration);
  if (!video?.width || !video.height || !Number.isFinite(durationSeconds)) {
    throw new Error('the video has no readable video stream');
  }
  return {
    durationSeconds: Math.round(durationSeconds * 100) / 100,
    width: video.width,
    height: video.height,
  };
}
