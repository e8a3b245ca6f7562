import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { applyScalingMask, normalizeMaskPath } from './update-mask.ts';

const current = { minInstanceCount: 1, maxInstanceCount: 100 };

function refusal(run: () => unknown): { code: unknown; message: string } {
  try {
    run();
  } catch (error) {
    return { code: (error as { code?: unknown }).code, message: (error as Error).message };
  }
  throw new Error('expected the update to be refused');
}

describe('applyScalingMask', () => {
  it('changes only the masked max_instance_count and keeps the floor', () => {
    expect(
      applyScalingMask(current, { maxInstanceCount: 3, minInstanceCount: 9 }, ['scaling.max_instance_count']),
    ).toEqual({
      minInstanceCount: 1,
      maxInstanceCount: 3,
    });
  });

  it('reads camelCase paths as the service does', () => {
    expect(normalizeMaskPath('scaling.maxInstanceCount')).toBe('scaling.max_instance_count');
    expect(applyScalingMask(current, { minInstanceCount: 2 }, ['scaling.minInstanceCount'])).toEqual({
      minInstanceCount: 2,
      maxInstanceCount: 100,
    });
  });

  it('treats a masked field the patch leaves out as 0, as proto3 sends it', () => {
    expect(applyScalingMask(current, {}, ['scaling.min_instance_count'])).toEqual({
      minInstanceCount: 0,
      maxInstanceCount: 100,
    });
  });

  it('replaces both counts for the whole scaling path', () => {
    expect(applyScalingMask(current, { maxInstanceCount: 5 }, ['scaling'])).toEqual({
      minInstanceCount: 0,
      maxInstanceCount: 5,
    });
  });

  it('refuses a missing mask, naming the supported paths', () => {
    const { code, message } = refusal(() => applyScalingMask(current, { maxInstanceCount: 3 }, []));
    expect(code).toBe(status.INVALID_ARGUMENT);
    expect(message).toMatch(/^update_mask is required.*scaling\.max_instance_count/);
  });

  it('refuses an unsupported path instead of ignoring it', () => {
    const { code, message } = refusal(() =>
      applyScalingMask(current, { maxInstanceCount: 3 }, [
        'scaling.max_instance_count',
        'template.scaling.max_instance_count',
      ]),
    );
    expect(code).toBe(status.INVALID_ARGUMENT);
    expect(message).toContain('"template.scaling.max_instance_count" not supported');
  });

  it('refuses a negative count and a floor above the limit', () => {
    expect(
      refusal(() => applyScalingMask(current, { maxInstanceCount: -1 }, ['scaling.max_instance_count'])),
    ).toEqual({
      code: status.INVALID_ARGUMENT,
      message: 'service.scaling.max_instance_count must be a whole number ≥ 0, got -1',
    });
    expect(
      refusal(() =>
        applyScalingMask({ minInstanceCount: 4, maxInstanceCount: 10 }, { maxInstanceCount: 2 }, [
          'scaling.max_instance_count',
        ]),
      ).message,
    ).toBe('service.scaling.min_instance_count (4) must not exceed service.scaling.max_instance_count (2)');
  });
});
