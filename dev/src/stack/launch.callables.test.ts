import { describe, expect, it } from 'vitest';
import { callables } from './launch.ts';

describe('the stack’s callable warm-up list', () => {
  it('names exactly the callables the functions export, so none starts cold or is waited on in vain', async () => {
    // A computed specifier keeps the functions' sources out of this project's type check.
    const functionsEntry = new URL('../../../functions/src/index.ts', import.meta.url).href;
    const exported = Object.entries(
      (await import(functionsEntry)) as Record<string, { __endpoint?: object }>,
    );
    const exportedCallables = exported
      .filter(([, handler]) => handler.__endpoint && 'callableTrigger' in handler.__endpoint)
      .map(([name]) => name);
    expect(exportedCallables).toContain('createImageJob');
    expect([...callables].sort()).toEqual(exportedCallables.sort());
  });
});
