import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { finishVideo } from './finish.ts';

const tools = { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' };

/** Byte offset of a top-level MP4 box, or -1. */
function boxOffset(mp4: Buffer, type: string): number {
  let offset = 0;
  while (offset + 8 <= mp4.length) {
    const size = mp4.readUInt32BE(offset);
    if (mp4.toString('latin1', offset + 4, offset + 8) === type) return offset;
    if (size < 8) return -1;
    offset += size;
  }
  return -1;
}

/** A 4 s 320×180 video with sound, muxed `moov` last, as a plain ffmpeg mux (and many encoders) write it. */
async function moovLastTestVideo(): Promise<Buffer> {
  const folder = await mkdtemp(join(tmpdir(), 'moov-last-'));
  try {
    const path = join(folder, 'source.mp4');
    await promisify(execFile)(tools.ffmpegPath, [
      ...['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=12'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '4'],
      ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', path],
    ]);
    return await readFile(path);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe('finishVideo', () => {
  it(
    'puts moov before mdat, reads duration and size, and makes a WebP poster',
    { timeout: 60_000 },
    async () => {
      const source = await moovLastTestVideo();
      expect(boxOffset(source, 'moov')).toBeGreaterThan(boxOffset(source, 'mdat'));

      const finished = await finishVideo(source, tools);
      expect(boxOffset(finished.mp4, 'moov')).toBeGreaterThan(-1);
      expect(boxOffset(finished.mp4, 'moov')).toBeLessThan(boxOffset(finished.mp4, 'mdat'));
      expect(finished.durationSeconds).toBeCloseTo(4, 0);
      expect({ width: finished.width, height: finished.height }).toEqual({ width: 320, height: 180 });
      expect(finished.poster.full.toString('latin1', 8, 12)).toBe('WEBP');
      expect(finished.poster.dominantColor).toMatch(/^#[0-9a-f]{6}$/);
    },
  );

  it('refuses bytes that are not a video', async () => {
    await expect(finishVideo(Buffer.from('not a video'), tools)).rejects.toThrow();
  });
});
