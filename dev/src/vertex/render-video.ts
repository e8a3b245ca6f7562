import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { renderRgbFrame, type ArtworkSpec } from './render-image.ts';

export interface VideoSpec extends ArtworkSpec {
  /** Frames per second of the output. */
  fps: number;
  /** Output length in seconds; the frame count is fps * durationSeconds exactly. */
  durationSeconds: number;
  /** Add a silent AAC stereo track, as Veo 3 returns audio when `generateAudio` is set. */
  withAudio: boolean;
}

export interface VideoRenderOptions {
  /** ffmpeg executable. Default `'ffmpeg'` from PATH. */
  ffmpegPath?: string;
  /** Kills ffmpeg when aborted (server shutdown). */
  signal?: AbortSignal;
}

function byteAt(digest: Uint8Array, index: number): number {
  return digest[index % digest.length] ?? 0;
}

/**
 * A disc travelling across a still picture plus a progress bar: cheap to draw
 * in JS, obviously animated, and a pure function of the spec and frame index.
 */
function* animatedFrames(base: Buffer, spec: VideoSpec): Generator<Buffer> {
  const { width, height, digest } = spec;
  const frameCount = Math.round(spec.fps * spec.durationSeconds);
  const radius = Math.max(4, Math.round(Math.min(width, height) / 8));
  const colour = [byteAt(digest, 20), byteAt(digest, 21), byteAt(digest, 22)].map((c) => 128 + (c >> 1)) as [
    number,
    number,
    number,
  ];
  const phase = (byteAt(digest, 23) / 255) * Math.PI * 2;
  const barHeight = Math.max(2, Math.round(height / 60));
  for (let i = 0; i < frameCount; i++) {
    const frame = Buffer.from(base);
    const t = frameCount > 1 ? i / (frameCount - 1) : 0;
    const cx = Math.round(radius + t * (width - 2 * radius));
    const cy = Math.round(height / 2 + Math.sin(phase + t * Math.PI * 4) * (height / 4));
    for (let y = Math.max(0, cy - radius); y < Math.min(height, cy + radius); y++) {
      for (let x = Math.max(0, cx - radius); x < Math.min(width, cx + radius); x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) continue;
        const o = (y * width + x) * 3;
        frame[o] = colour[0];
        frame[o + 1] = colour[1];
        frame[o + 2] = colour[2];
      }
    }
    const barWidth = Math.round(((i + 1) / frameCount) * width);
    for (let y = height - barHeight; y < height; y++) {
      frame.fill(255, y * width * 3, (y * width + barWidth) * 3);
    }
    yield frame;
  }
}

function ffmpegArgs(spec: VideoSpec, outputPath: string): string[] {
  const audioInput = spec.withAudio
    ? ['-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000']
    : [];
  const audioOutput = spec.withAudio ? ['-map', '1:a:0', '-c:a', 'aac', '-b:a', '64k'] : [];
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-video_size',
    `${spec.width}x${spec.height}`,
    '-framerate',
    String(spec.fps),
    '-i',
    'pipe:0',
    ...audioInput,
    '-map',
    '0:v:0',
    ...audioOutput,
    // One thread and bit-exact flags keep the bytes identical across machines.
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-threads',
    '1',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(spec.fps * 2),
    '-fflags',
    '+bitexact',
    '-flags',
    '+bitexact',
    '-map_metadata',
    '-1',
    '-t',
    String(spec.durationSeconds),
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    outputPath,
  ];
}

/** Renders an H.264/yuv420p MP4 (with +faststart) of exactly the requested duration. */
export async function renderVideo(spec: VideoSpec, options: VideoRenderOptions = {}): Promise<Buffer> {
  const base = await renderRgbFrame(spec);
  // faststart rewrites the file after encoding, which needs a seekable output.
  const dir = await mkdtemp(join(tmpdir(), 'vertex-fake-'));
  const outputPath = join(dir, 'out.mp4');
  try {
    const child = spawn(options.ffmpegPath ?? 'ffmpeg', ffmpegArgs(spec, outputPath), {
      stdio: ['pipe', 'ignore', 'pipe'],
      signal: options.signal,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const exited = new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`ffmpeg exited with ${code ?? signal}: ${stderr.trim()}`));
      });
    });
    const fed = pipeline(Readable.from(animatedFrames(base, spec)), child.stdin);
    const [feedResult, exitResult] = await Promise.allSettled([fed, exited]);
    // ffmpeg's own complaint explains more than the EPIPE it causes on stdin;
    // and when it succeeded, an EPIPE only means it stopped reading at `-t`.
    if (exitResult.status === 'rejected') throw exitResult.reason;
    if (feedResult.status === 'rejected' && (feedResult.reason as NodeJS.ErrnoException).code !== 'EPIPE') {
      throw feedResult.reason;
    }
    return await readFile(outputPath);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
