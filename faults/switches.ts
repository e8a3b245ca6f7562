/** The run-time fault switches of the local stand-ins (R2's proxy, the Cloud Tasks emulator). */
export function stackFaults(env: Record<string, string>) {
  const r2Control = `${env['R2_ENDPOINT']}/__phoenix/faults`;
  const tasksControl = new URL('/__phoenix/faults', env['CLOUD_TASKS_OIDC_CERTS_URL']).toString();
  const send = async (url: string, method: string, body?: object) => {
    const response = await fetch(url, {
      method,
      ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    if (!response.ok)
      throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  return {
    r2: async (faults: { putFailures: number; mode: '500' | 'reset' }) =>
      void (await send(r2Control, 'POST', faults)),
    r2Injected: async () => {
      const injected = (await send(r2Control, 'GET')).injected as Record<string, number> | undefined;
      return Object.values(injected ?? {}).reduce((sum, count) => sum + count, 0);
    },
    r2Clear: async () => void (await send(r2Control, 'DELETE')),
    /** Resolves once the uploads set to fail have all failed, or after `timeoutMs`. */
    r2Spent: async (timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline && Number((await send(r2Control, 'GET')).putFailures ?? 0) > 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    tasks: async (faults: { duplicateDeliveries: number }) => void (await send(tasksControl, 'POST', faults)),
    tasksClear: async () => void (await send(tasksControl, 'DELETE')),
    tasksExtraDeliveries: async () => {
      const state = await send(tasksControl, 'GET');
      return (state.extraDeliveries as { sent: number } | undefined)?.sent ?? 0;
    },
  };
}
