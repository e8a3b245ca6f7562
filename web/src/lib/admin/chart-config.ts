/**
 * Chart.js configurations of the overview: daily spend with the cap and each
 * alert threshold drawn as lines, and generations per model per day as
 * stacked bars. Pure: colours come in as a {@link ChartPalette} read from the
 * app's CSS variables, so the charts follow the theme.
 */
import type { ChartConfiguration } from 'chart.js';
import { formatPercent, shortDay, type SpendView } from './spend-view.ts';

export interface ChartPalette {
  text: string;
  grid: string;
  accent: string;
  hot: string;
  cool: string;
  live: string;
  focus: string;
}

const usd = (microUsd: number) => microUsd / 1_000_000;
const dollars = (value: number | string) =>
  `$${Number(value).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

/**
 * Daily settled spend (bars), the month so far (line), and flat lines at each
 * threshold and the cap. The axis is the whole month, so the lines read as
 * lines even on the 1st and the month-to-date line shows how far is left.
 */
export function spendChartConfig(view: SpendView, palette: ChartPalette): ChartConfiguration<'bar' | 'line'> {
  const labels = view.monthDays.map(shortDay);
  const flat = (value: number) => labels.map(() => usd(value));
  // Days still to come have no value yet (null: nothing drawn), not $0.
  const soFar = (pick: (day: SpendView['days'][number]) => number) =>
    view.monthDays.map((_, index) => {
      const day = view.days[index];
      return day ? usd(pick(day)) : null;
    });
  const thresholdLines = view.thresholds
    .filter((line) => line.threshold < 1)
    .map((line) => ({
      type: 'line' as const,
      label: `${formatPercent(line.threshold)} alert`,
      data: flat(line.microUsd),
      borderColor: palette.focus,
      borderDash: [4, 4],
      borderWidth: 1.5,
      pointRadius: 0,
    }));
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: 'Settled that day',
          data: soFar((day) => day.settledMicroUsd),
          backgroundColor: palette.accent,
          borderRadius: 3,
        },
        {
          type: 'line',
          label: 'Month to date',
          data: soFar((day) => day.cumulativeMicroUsd),
          borderColor: palette.cool,
          backgroundColor: palette.cool,
          borderWidth: 2,
          pointRadius: 2,
        },
        ...thresholdLines,
        {
          type: 'line',
          label: 'Cap',
          data: flat(view.capMicroUsd),
          borderColor: palette.hot,
          borderDash: [8, 4],
          borderWidth: 2,
          pointRadius: 0,
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          ticks: { color: palette.text, maxRotation: 0, autoSkipPadding: 8 },
          grid: { color: palette.grid },
        },
        y: {
          beginAtZero: true,
          ticks: { color: palette.text, callback: dollars },
          grid: { color: palette.grid },
        },
      },
      plugins: {
        legend: { labels: { color: palette.text, boxWidth: 12 } },
        tooltip: {
          callbacks: { label: (item) => `${item.dataset.label}: ${dollars(item.parsed.y ?? 0)}` },
        },
      },
    },
  };
}

/** Outputs per model per day, one stacked bar per day. */
export function outputsChartConfig(view: SpendView, palette: ChartPalette): ChartConfiguration<'bar'> {
  const colours = [palette.accent, palette.cool, palette.live, palette.hot, palette.focus];
  return {
    type: 'bar',
    data: {
      labels: view.days.map((day) => shortDay(day.day)),
      datasets: view.models.map((series, index) => ({
        label: series.label,
        data: series.outputs,
        backgroundColor: colours[index % colours.length],
        borderRadius: 2,
      })),
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          stacked: true,
          ticks: { color: palette.text, maxRotation: 0, autoSkipPadding: 8 },
          grid: { color: palette.grid },
        },
        y: {
          stacked: true,
          beginAtZero: true,
          ticks: { color: palette.text, precision: 0 },
          grid: { color: palette.grid },
        },
      },
      plugins: { legend: { labels: { color: palette.text, boxWidth: 12 } } },
    },
  };
}
