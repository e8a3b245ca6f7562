/** What a task service's HTTP surface and its drain share while the process lives. */
export interface TaskAppState {
  /** False once SIGTERM arrived: Cloud Run stops routing, we finish what is in flight. */
  accepting: boolean;
  /**
   * Aborted when the instance gives up on its work during a drain (the drain
   * ran out of time). Deliveries in flight release their leases when it
   * fires, so the next delivery can take the job over at once.
   */
  abandon: AbortController;
}
