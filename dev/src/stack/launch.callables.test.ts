import { describe, expect, it } from 'vitest';
import { adminCallables, callables } from './services.ts';

describe('the stack’s callable warm-up list', () => {
  it('names every callable the functions export, warmed or (admin only) left cold, so none is waited on in vain', async () => {
    // A computed specifier keeps the functions' sources out of this project's type check.
    const functionsEntry = new URL('../../../functions/src/index.ts', import.meta.url).href;
    const exported = Object.entries(
      (await import(functionsEntry)) as Record<string, { __endpoint?: object }>,
    );
    const exportedCallables = exported
      .filter(([, handler]) => handler.__endpoint && 'callableTrigger' in handler.__endpoint)
      .map(([name]) => name);
    expect(exportedCallables).toContain('createImageJob');
    expect([...callables, ...adminCallables].sort()).toEqual(exportedCallables.sort());
    expect(adminCallables.filter((name) => callables.includes(name))).toEqual([]);
  });
});
