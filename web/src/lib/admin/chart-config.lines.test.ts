import { defaultLimits } from '@phoenix/core';
import { describe, expect, it } from 'vitest';
import { outputsChartConfig, spendChartConfig, type ChartPalette } from './chart-config.ts';
import { spendView } from './spend-view.ts';

const palette: ChartPalette = {
  text: 't',
  grid: 'g',
  accent: 'a',
  hot: 'h',
  cool: 'c',
  live: 'l',
  focus: 'f',
};
const view = spendView(
  '2026-12',
  [{ days: { '2026-12-02': { settledMicroUsd: 1_500_000, outputs: { 'gemini-2.5-flash-image': 3 } } } }],
  { ...defaultLimits, monthlyUsdCap: 10, alertThresholds: [0.5, 0.8, 1] },
  Date.parse('2026-12-03T12:00:00Z'),
);

describe('the overview charts', () => {
  it('draws the cap and each threshold below it as flat lines in dollars', () => {
    const datasets = spendChartConfig(view, palette).data.datasets;
    expect(datasets.map((set) => set.label)).toEqual([
      'Settled that day',
      'Month to date',
      '50% alert',
      '80% alert',
      'Cap',
    ]);
    // The whole of December on the axis; days after the 3rd have no spend yet.
    const rest = Array.from({ length: 28 }, () => null);
    expect(datasets[0]?.data).toEqual([0, 1.5, 0, ...rest]);
    expect(datasets[1]?.data).toEqual([0, 1.5, 1.5, ...rest]);
    expect(datasets[2]?.data).toEqual(Array.from({ length: 31 }, () => 5));
    expect(datasets[4]?.data).toEqual(Array.from({ length: 31 }, () => 10));
  });

  it('stacks one bar series per model that made anything', () => {
    const config = outputsChartConfig(view, palette);
    expect(config.data.datasets).toHaveLength(1);
    expect(config.data.datasets[0]).toMatchObject({ label: 'Gemini 2.5 Flash Image', data: [0, 3, 0] });
    expect(config.options?.scales?.x).toMatchObject({ stacked: true });
  });
});
