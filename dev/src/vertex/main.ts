/**
 * Runs the Vertex AI fake as a process.
 *
 *   node dev/src/vertex/main.ts [--host 127.0.0.1] [--port 8788]
 *
 * Environment:
 *   VERTEX_FAKE_FAULTS         process-wide faults in the directive grammar of faults.ts,
 *                              e.g. "latency=300,veo-ms=5000" or "status=429,times=3"
 *   VERTEX_FAKE_BLOCKED_WORDS  comma-separated words that get prompts blocked (default "forbidden")
 *   FFMPEG_PATH                ffmpeg executable (default "ffmpeg" from PATH)
 */
import { parseArgs } from 'node:util';
import { parseFaultDirectives, type FaultSettings } from './faults.ts';
import { jsonLinesLogger } from '../../../runner/src/platform/log.ts';
import { startVertexFake } from './server.ts';

/** Default port when neither --port nor VERTEX_FAKE_PORT is given. */
const DEFAULT_PORT = 8788;

function fail(message: string): never {
  jsonLinesLogger({ severity: 'ERROR', message });
  process.exit(2);
}

function faultsFromEnv(env: NodeJS.ProcessEnv): Partial<FaultSettings> {
  const parsed = parseFaultDirectives(env['VERTEX_FAKE_FAULTS'] ?? '', 'process');
  if (!parsed.ok) fail(`VERTEX_FAKE_FAULTS: ${parsed.problem}`);
  const faults = parsed.value;
  const words = env['VERTEX_FAKE_BLOCKED_WORDS'];
  if (words !== undefined)
    faults.blockedWords = words
      .split(',')
      .map((w) => w.trim())
      .filter((w) => w !== '');
  return faults;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { host: { type: 'string' }, port: { type: 'string' } },
    strict: true,
  });
  const rawPort = values.port ?? process.env['VERTEX_FAKE_PORT'] ?? String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port ${JSON.stringify(rawPort)}`);

  const fake = await startVertexFake({
    host: values.host ?? process.env['VERTEX_FAKE_HOST'] ?? '127.0.0.1',
    port,
    faults: faultsFromEnv(process.env),
    render: process.env['FFMPEG_PATH'] ? { ffmpegPath: process.env['FFMPEG_PATH'] } : {},
    logger: jsonLinesLogger,
  });
  jsonLinesLogger({
    severity: 'INFO',
    message: `vertex fake listening on ${fake.url}`,
    url: fake.url,
    faults: fake.faults(),
  });

  const stop = (signal: string): void => {
    jsonLinesLogger({ severity: 'INFO', message: `vertex fake stopping on ${signal}` });
    fake.close().then(
      () => process.exit(0),
      (error: unknown) => fail(`shutdown failed: ${String(error)}`),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
