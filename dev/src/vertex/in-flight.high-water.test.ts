import { describe, expect, it } from 'vitest';
import { InFlightGauge } from './in-flight.ts';

describe('InFlightGauge', () => {
  it('keeps the most requests in flight at once, not the total', () => {
    const gauge = new InFlightGauge();
    gauge.enter();
    gauge.enter();
    gauge.leave();
    gauge.enter();
    gauge.leave();
    gauge.leave();
    gauge.enter();
    gauge.leave();
    expect(gauge.highWater).toBe(2);
    expect(gauge.current).toBe(0);
  });

  it('reaches eight when eight overlap', () => {
    const gauge = new InFlightGauge();
    for (let index = 0; index < 8; index++) gauge.enter();
    for (let index = 0; index < 8; index++) gauge.leave();
    expect(gauge.highWater).toBe(8);
  });

  it('starts a new mark on reset, counting the requests still in flight', () => {
    const gauge = new InFlightGauge();
    for (let index = 0; index < 5; index++) gauge.enter();
    for (let index = 0; index < 4; index++) gauge.leave();
    gauge.reset();
    expect(gauge.highWater).toBe(1);
    gauge.enter();
    expect(gauge.highWater).toBe(2);
  });

  it('refuses a leave without an enter, which would hide a request from the count', () => {
    expect(() => new InFlightGauge().leave()).toThrow(/without a matching enter/);
  });
});
