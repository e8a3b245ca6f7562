import type { Reporter, TestModule, Vitest } from 'vitest/node';

/**
 * Vitest skips a project whose include glob matches nothing and still exits 0,
 * so a moved folder could silently turn a suite off. This reporter fails the
 * run when any selected project collected no test file. To run a subset, select
 * projects with `--project` rather than filtering files across all of them.
 */
export default class FailOnEmptyProject implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (!this.vitest) return;
    const collected = new Set(testModules.map((module) => module.project.name));
    const empty = this.vitest.projects.map((project) => project.name).filter((name) => !collected.has(name));
    if (empty.length === 0) return;
    for (const name of empty) {
      console.error(`\nTest project "${name}" collected no test files: check its include globs.`);
    }
    process.exitCode = 1;
  }
}
