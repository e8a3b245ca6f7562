import { describe, expect, it } from 'vitest';
import { achievedRate, arrivalOffsetsMs, RequestBudget, requestCap } from './schedule.ts';

describe('arrivalOffsetsMs', () => {
  it('puts arrival i at i / rate, independent of anything finishing', () => {
    expect(arrivalOffsetsMs(4, 1)).toEqual([0, 250, 500, 750]);
    expect(arrivalOffsetsMs(2, 60)).toHaveLength(120);
    expect(arrivalOffsetsMs(2, 60).at(-1)).toBe(59_500);
  });

  it('handles fractional rates and refuses nonsense', () => {
    expect(arrivalOffsetsMs(0.5, 5)).toEqual([0, 2000]);
    expect(arrivalOffsetsMs(0, 60)).toEqual([]);
    expect(arrivalOffsetsMs(3, -1)).toEqual([]);
  });
});

describe('RequestBudget', () => {
  it('caps requests at rate × duration × 1.2', () => {
    expect(requestCap(4, 60)).toBe(288);
    const budget = new RequestBudget(requestCap(1, 5));
    const granted = Array.from({ length: 10 }, () => budget.take()).filter(Boolean).length;
    expect(granted).toBe(6);
    expect(budget.taken).toBe(6);
    expect(budget.exhausted).toBe(true);
  });
});

describe('achievedRate', () => {
  it('is the scheduled rate when every arrival left on time', () => {
    expect(achievedRate([0, 500, 1000, 1500], 0, 2)).toBeCloseTo(2);
  });

  it('drops when arrivals left late', () => {
    expect(achievedRate([0, 500, 1000, 3500], 0, 2)).toBeCloseTo(1);
    expect(achievedRate([], 0, 2)).toBe(0);
  });
});
