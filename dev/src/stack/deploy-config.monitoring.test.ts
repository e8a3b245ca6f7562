import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  PhoenixError,
  defaultLimits,
  jobAcceptedFields,
  jobEndedFields,
  jobRefusedFields,
  queueDepthAlertThresholds,
} from '@phoenix/core';
import { repoRoot } from './launch.ts';

const read = (file: string) => readFileSync(join(repoRoot, file), 'utf8');
const yamlFiles = (folder: string) =>
  readdirSync(join(repoRoot, folder))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => ({ file, id: file.replace(/\.yaml$/, ''), body: parse(read(join(folder, file))) }));

interface LogMetric {
  name: string;
  filter: string;
  valueExtractor?: string;
  labelExtractors: Record<string, string>;
  metricDescriptor: { metricKind: string; valueType: string; unit: string; labels: { key: string }[] };
  bucketOptions?: { exponentialBuckets?: { numFiniteBuckets: number; growthFactor: number; scale: number } };
}

interface Aggregation {
  alignmentPeriod: string;
  perSeriesAligner: string;
  crossSeriesReducer?: string;
}

interface Condition {
  displayName: string;
  conditionThreshold: {
    filter: string;
    aggregations: Aggregation[];
    denominatorFilter?: string;
    denominatorAggregations?: Aggregation[];
    comparison: string;
    thresholdValue: number;
    duration: string;
  };
}

interface AlertPolicy {
  displayName: string;
  userLabels: Record<string, string>;
  conditions: Condition[];
}

const metrics = yamlFiles('monitoring/metrics') as { file: string; id: string; body: LogMetric }[];
const policies = yamlFiles('monitoring/policies') as { file: string; id: string; body: AlertPolicy }[];
const metric = (name: string) => metrics.find((candidate) => candidate.body.name === name)?.body;
const policy = (id: string) => policies.find((candidate) => candidate.id === id)?.body;

// The lines the services log, as core builds them: the metrics must select and read exactly these.
const accepted = jobAcceptedFields('image', 120);
const refusedByFault = jobRefusedFields('video', new PhoenixError('queue_unavailable'), 80);
const ended = jobEndedFields('image', 'succeeded', { createdAtMs: 0, startedAtMs: 400 }, 9_000);

/** The events a metric's filter selects; anything else in the filter fails the check. */
function selectedEvents(filter: string): string[] {
  const events = [...filter.matchAll(/jsonPayload\.event="(\w+)"/g)].map((match) => match[1] ?? '');
  expect(
    filter
      .replace(/jsonPayload\.event="\w+"/g, '')
      .replace(/\bOR\b/g, '')
      .trim(),
  ).toBe('');
  return events;
}

/** The log field an `EXTRACT(jsonPayload.field)` reads. */
const extracted = (extractor: string | undefined) =>
  /^EXTRACT\(jsonPayload\.(\w+)\)$/.exec(extractor ?? '')?.[1];

/** The log-based metric a condition filter charts, by name, or the built-in metric type. */
const chartedMetric = (filter: string) => /metric\.type="([^"]+)"/.exec(filter)?.[1] ?? '';

describe('monitoring/metrics', () => {
  it('names each metric after its file, the name the deploy gives it', () => {
    expect(metrics.map(({ id, body }) => [id, body.name])).toEqual(metrics.map(({ id }) => [id, id]));
  });

  it('keeps accept latency as a distribution of acceptMs from the job_accepted lines, by kind', () => {
    const latency = metric('phoenix_accept_latency');
    expect(selectedEvents(latency?.filter ?? '')).toEqual([accepted.event]);
    expect(latency?.valueExtractor).toBe('EXTRACT(jsonPayload.acceptMs)');
    expect(accepted.acceptMs).toBe(120);
    expect(latency?.labelExtractors).toEqual({ kind: 'EXTRACT(jsonPayload.kind)' });
  });

  it('keeps pipeline latency as a distribution of pipelineMs from the job_ended lines, by kind and status', () => {
    const latency = metric('phoenix_pipeline_latency');
    expect(selectedEvents(latency?.filter ?? '')).toEqual([ended.event]);
    expect(latency?.valueExtractor).toBe('EXTRACT(jsonPayload.pipelineMs)');
    expect(ended.pipelineMs).toBe(9_000);
    expect(latency?.labelExtractors).toEqual({
      kind: 'EXTRACT(jsonPayload.kind)',
      status: 'EXTRACT(jsonPayload.jobStatus)',
    });
    expect(ended.jobStatus).toBe('succeeded');
  });

  it('counts every accept answer, accepted or refused, by kind and outcome', () => {
    const outcomes = metric('phoenix_accept_outcomes');
    expect(selectedEvents(outcomes?.filter ?? '').sort()).toEqual(
      [accepted.event, refusedByFault.event].sort(),
    );
    expect(outcomes?.valueExtractor).toBeUndefined();
    expect(outcomes?.metricDescriptor).toMatchObject({ metricKind: 'DELTA', valueType: 'INT64' });
    for (const line of [accepted, refusedByFault]) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['kind', 'outcome']));
    }
  });

  it('reads every label from a field the lines carry, and declares exactly the labels it extracts', () => {
    const lines: Record<string, object[]> = {
      phoenix_accept_latency: [accepted],
      phoenix_accept_outcomes: [accepted, refusedByFault],
      phoenix_pipeline_latency: [ended],
    };
    expect(Object.keys(lines).sort()).toEqual(metrics.map(({ id }) => id).sort());
    for (const { id, body } of metrics) {
      expect(body.metricDescriptor.labels.map((label) => label.key).sort(), id).toEqual(
        Object.keys(body.labelExtractors).sort(),
      );
      for (const [label, extractor] of Object.entries(body.labelExtractors)) {
        for (const line of lines[id]!) {
          expect(typeof line[extracted(extractor) as keyof typeof line], `${id} ${label}`).toBe('string');
        }
      }
    }
  });

  it('makes the latencies DELTA distributions in ms with exponential buckets', () => {
    for (const name of ['phoenix_accept_latency', 'phoenix_pipeline_latency']) {
      const latency = metric(name);
      expect(latency?.metricDescriptor, name).toMatchObject({
        metricKind: 'DELTA',
        valueType: 'DISTRIBUTION',
        unit: 'ms',
      });
      expect(latency?.bucketOptions?.exponentialBuckets, name).toMatchObject({
        numFiniteBuckets: expect.any(Number),
        growthFactor: expect.any(Number),
        scale: expect.any(Number),
      });
    }
  });
});

describe('monitoring/policies', () => {
  it('labels each policy with its file name, which the deploy finds it by', () => {
    for (const { id, body } of policies) expect(body.userLabels, id).toEqual({ phoenix_policy: id });
  });

  it('charts only metrics that exist: a log-based metric of monitoring/metrics, or Cloud Tasks queue depth', () => {
    const known = [
      ...metrics.map(({ id }) => `logging.googleapis.com/user/${id}`),
      'cloudtasks.googleapis.com/queue/depth',
    ];
    for (const { id, body } of policies) {
      for (const { conditionThreshold: threshold } of body.conditions) {
        for (const filter of [threshold.filter, threshold.denominatorFilter].filter(Boolean)) {
          expect(known, id).toContain(chartedMetric(filter!));
        }
      }
    }
  });

  it('alerts when the p95 of accept latency stays above 1 s over 5 minutes', () => {
    const [condition, ...others] = policy('accept-latency')?.conditions ?? [];
    expect(others).toEqual([]);
    const threshold = condition!.conditionThreshold;
    expect(chartedMetric(threshold.filter)).toBe('logging.googleapis.com/user/phoenix_accept_latency');
    expect(threshold.aggregations).toMatchObject([
      { alignmentPeriod: '300s', crossSeriesReducer: 'REDUCE_PERCENTILE_95' },
    ]);
    expect(threshold).toMatchObject({ comparison: 'COMPARISON_GT', thresholdValue: 1000, duration: '300s' });
  });

  it('alerts when accepts refused with a server-fault code pass 1% of all accepts over 5 minutes', () => {
    const [condition, ...others] = policy('accept-errors')?.conditions ?? [];
    expect(others).toEqual([]);
    const threshold = condition!.conditionThreshold;
    const counter = 'logging.googleapis.com/user/phoenix_accept_outcomes';
    expect(chartedMetric(threshold.filter)).toBe(counter);
    expect(threshold.filter).toContain(`metric.label.outcome="${refusedByFault.outcome}"`);
    expect(refusedByFault.outcome).toBe('error');
    expect(chartedMetric(threshold.denominatorFilter ?? '')).toBe(counter);
    expect(threshold.denominatorFilter).not.toContain('metric.label');
    expect(threshold.denominatorAggregations).toEqual(threshold.aggregations);
    expect(threshold.aggregations).toMatchObject([
      { alignmentPeriod: '300s', crossSeriesReducer: 'REDUCE_SUM' },
    ]);
    expect(threshold).toMatchObject({ comparison: 'COMPARISON_GT', thresholdValue: 0.01, duration: '300s' });
  });

  it("alerts when a queue stays deeper than core's threshold for it for 10 minutes, for every queue", () => {
    const conditions = policy('queue-depth')?.conditions ?? [];
    const byQueue = Object.fromEntries(
      conditions.map(({ displayName, conditionThreshold: threshold }) => {
        const queue = /resource\.label\.queue_id="(\w+)"/.exec(threshold.filter)?.[1] ?? '';
        expect(displayName).toContain(`${queue} queue deeper than ${threshold.thresholdValue} tasks`);
        expect(threshold).toMatchObject({ comparison: 'COMPARISON_GT', duration: '600s' });
        return [queue, threshold.thresholdValue];
      }),
    );
    expect(byQueue).toEqual(queueDepthAlertThresholds);
  });
});

describe('cloudbuild.yaml: monitoring', () => {
  interface BuildStep {
    id: string;
    args: string[];
  }
  const build = parse(read('cloudbuild.yaml')) as {
    steps: BuildStep[];
    substitutions: Record<string, string>;
  };
  const stepIds = build.steps.map((step) => step.id);
  const script = (id: string) => build.steps.find((step) => step.id === id)?.args.join(' ') ?? '';

  it('creates or updates every metric, then creates or replaces every policy', () => {
    const applyMetrics = script('monitoring-metrics');
    expect(applyMetrics).toContain('for file in monitoring/metrics/*.yaml; do');
    expect(applyMetrics).toMatch(/gcloud logging metrics describe "\$\$metric"/);
    for (const verb of ['update', 'create']) {
      expect(applyMetrics).toContain(`gcloud logging metrics ${verb} "$$metric" --config-from-file="$$file"`);
    }
    const applyPolicies = script('monitoring-policies');
    expect(applyPolicies).toContain('for file in monitoring/policies/*.yaml; do');
    expect(applyPolicies).toContain('--filter="userLabels.phoenix_policy=$$label"');
    expect(applyPolicies).toContain(
      'gcloud monitoring policies update "$$policy" --policy-from-file="$$file"',
    );
    expect(applyPolicies).toContain('gcloud monitoring policies create --policy-from-file="$$file"');
    expect(stepIds.indexOf('monitoring-policies')).toBeGreaterThan(stepIds.indexOf('monitoring-metrics'));
    expect(build.substitutions).toHaveProperty('_ALERT_NOTIFICATION_CHANNELS');
  });

  it('applies every file in monitoring/: nothing else sits there but the README', () => {
    const folder = join(repoRoot, 'monitoring');
    const files = readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1));
    const applied = [
      ...metrics.map(({ file }) => `metrics/${file}`),
      ...policies.map(({ file }) => `policies/${file}`),
    ];
    expect(applied.length).toBeGreaterThan(0);
    expect(files.sort()).toEqual(['README.md', ...applied].sort());
  });
});

describe('the READMEs', () => {
  const readme = read('monitoring/README.md').replace(/\s+/g, ' ');

  it("state core's queue depth thresholds", () => {
    const rootReadme = read('README.md').replace(/\s+/g, ' ');
    for (const [queue, depth] of Object.entries(queueDepthAlertThresholds)) {
      expect(readme).toContain(`\`${queue}\` ${depth}`);
      expect(rootReadme).toContain(`${depth} \`${queue}\` tasks`);
    }
  });

  it("state core's default budget alert thresholds", () => {
    const percents = defaultLimits.alertThresholds.map((fraction) => `${fraction * 100}%`);
    expect(readme).toContain(`${percents.join(' and ')} of the monthly cap by default`);
    expect(readme).toContain(`from ${defaultLimits.degradeAt * 100}%`);
  });
});
