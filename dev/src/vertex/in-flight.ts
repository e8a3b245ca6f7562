/**
 * The model requests the fake is answering right now, and the most there have
 * been at once since the last reset. A caller's concurrency cap is checked
 * here, where the calls arrive, so a cap that leaks (a retry racing its
 * original, a slot freed too early) shows up even when the caller's own count
 * says otherwise.
 */
export class InFlightGauge {
  #current = 0;
  #highWater = 0;

  get current(): number {
    return this.#current;
  }

  get highWater(): number {
    return this.#highWater;
  }

  enter(): void {
    this.#current += 1;
    this.#highWater = Math.max(this.#highWater, this.#current);
  }

  leave(): void {
    if (this.#current === 0) throw new Error('InFlightGauge.leave() without a matching enter()');
    this.#current -= 1;
  }

  /** Starts a new high-water mark; requests still in flight count towards it. */
  reset(): void {
    this.#highWater = this.#current;
  }
}
