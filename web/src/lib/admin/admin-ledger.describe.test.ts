import { describe, expect, it } from 'vitest';
import { toAdminLedgerLine } from './admin-ledger.ts';

describe("a user's ledger line in the console", () => {
  it("renders an admin grant with core's words and the admin's note", () => {
    const line = toAdminLedgerLine(
      'admin_x',
      {
        kind: 'admin_grant',
        tokens: 20,
        balanceAfter: 70,
        jobId: null,
        reason: { code: 'admin_grant', note: 'sorry' },
      },
      5,
    );
    expect(line).toEqual({
      id: 'admin_x',
      kind: 'admin_grant',
      tokens: 20,
      balanceAfter: 70,
      jobId: null,
      description: 'Gift from Phoenix: sorry',
      createdAtMs: 5,
    });
  });

  it('still shows a line whose reason cannot be read', () => {
    const line = toAdminLedgerLine('d1', { kind: 'debit', tokens: -4, reason: 'old text' as never }, 1);
    expect(line.description).toBe('Tokens spent');
    expect(line.balanceAfter).toBe(0);
  });
});
