import { parseArgs } from 'node:util';
import { jsonLinesLogger as log } from '../../../runner/src/platform/log.ts';
import { startR2Fake } from './server.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: process.env.R2_PORT ?? '4569' },
    bucket: { type: 'string', default: process.env.R2_BUCKET ?? 'phoenix-media' },
  },
});

const r2 = await startR2Fake({ host: values.host, port: Number(values.port), bucket: values.bucket });
log({
  severity: 'INFO',
  message: 'R2 fake listening',
  endpoint: r2.endpoint,
  publicBaseUrl: r2.publicBaseUrl,
  faultsUrl: r2.faultsUrl,
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void r2.close().then(() => process.exit(0)));
}
