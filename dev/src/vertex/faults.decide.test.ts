import { describe, expect, it } from 'vitest';
import {
  decideFault,
  DEFAULT_FAULT_SETTINGS,
  parseFaultDirectives,
  parseFaultSettingsPatch,
  type FaultSettings,
} from './faults.ts';

function settings(patch: Partial<FaultSettings> = {}): FaultSettings {
  return { ...DEFAULT_FAULT_SETTINGS, ...patch };
}

function decide(input: Parameters<typeof decideFault>[0]) {
  const result = decideFault(input);
  if (!result.ok) throw new Error(result.problem);
  return result.value;
}

describe('decideFault', () => {
  it('injects nothing by default', () => {
    expect(decide({ settings: settings(), prompt: 'a red fox', generates: true })).toEqual({
      latencyMs: 0,
      errorStatus: null,
      consumesProcessError: false,
      blocked: false,
      filterCount: 0,
      veoDurationMs: 2000,
      veoFail: false,
    });
  });

  it('blocks prompts containing a blocked word, case-insensitively', () => {
    expect(decide({ settings: settings(), prompt: 'A FORBIDDEN fox', generates: true }).blocked).toBe(true);
    expect(
      decide({ settings: settings({ blockedWords: ['lava'] }), prompt: 'forbidden', generates: true })
        .blocked,
    ).toBe(false);
  });

  it('never blocks or filters requests that generate nothing (polls)', () => {
    const decision = decide({
      settings: settings({ blockAll: true, filterCount: 2 }),
      header: 'block',
      generates: false,
    });
    expect(decision.blocked).toBe(false);
    expect(decision.filterCount).toBe(0);
  });

  it('takes faults from the header over the prompt over the process settings', () => {
    const decision = decide({
      settings: settings({ latencyMs: 10, filterCount: 1 }),
      prompt: 'fox [fake: latency=20, filter=2]',
      header: 'latency=30',
      generates: true,
    });
    expect(decision.latencyMs).toBe(30);
    expect(decision.filterCount).toBe(2);
  });

  it('lets a header un-block a prompt with a blocked word', () => {
    expect(
      decide({ settings: settings(), prompt: 'forbidden', header: 'block=false', generates: true }).blocked,
    ).toBe(false);
  });

  it('counts down a process error only when the process setting supplied it', () => {
    const counted = settings({ errorStatus: 429, errorCount: 2 });
    expect(decide({ settings: counted, generates: true })).toMatchObject({
      errorStatus: 429,
      consumesProcessError: true,
    });
    expect(decide({ settings: counted, header: 'status=500', generates: true })).toMatchObject({
      errorStatus: 500,
      consumesProcessError: false,
    });
    expect(
      decide({ settings: settings({ errorStatus: 429, errorCount: 0 }), generates: true }).errorStatus,
    ).toBeNull();
    expect(decide({ settings: settings({ errorStatus: 503 }), generates: false })).toMatchObject({
      errorStatus: 503,
      consumesProcessError: false,
    });
  });

  it('reports malformed directives instead of ignoring them', () => {
    expect(decideFault({ settings: settings(), header: 'status=200', generates: true })).toMatchObject({
      ok: false,
    });
    expect(decideFault({ settings: settings(), header: 'lag=5', generates: true })).toMatchObject({
      ok: false,
    });
    expect(
      decideFault({ settings: settings(), prompt: '[fake: filter=two]', generates: true }),
    ).toMatchObject({ ok: false });
    expect(decideFault({ settings: settings(), header: 'times=2', generates: true })).toMatchObject({
      ok: false,
    });
  });
});

describe('parseFaultDirectives', () => {
  it('reads every directive', () => {
    expect(
      parseFaultDirectives(
        'latency=5; status=429, times=3, block, filter=1, veo-ms=100, veo-fail',
        'process',
      ),
    ).toEqual({
      ok: true,
      value: {
        latencyMs: 5,
        errorStatus: 429,
        errorCount: 3,
        blockAll: true,
        filterCount: 1,
        veoDurationMs: 100,
        veoFail: true,
      },
    });
  });

  it('treats an empty string as no faults', () => {
    expect(parseFaultDirectives('  ', 'request')).toEqual({ ok: true, value: {} });
  });
});

describe('parseFaultSettingsPatch', () => {
  it('accepts a valid patch and refuses bad values or unknown keys', () => {
    expect(parseFaultSettingsPatch({ latencyMs: 5, errorStatus: null, blockedWords: ['x'] })).toEqual({
      ok: true,
      value: { latencyMs: 5, errorStatus: null, blockedWords: ['x'] },
    });
    expect(parseFaultSettingsPatch({ latencyMs: -1 })).toMatchObject({ ok: false });
    expect(parseFaultSettingsPatch({ errorStatus: 200 })).toMatchObject({ ok: false });
    expect(parseFaultSettingsPatch({ latency: 5 })).toMatchObject({ ok: false });
    expect(parseFaultSettingsPatch([])).toMatchObject({ ok: false });
  });
});
