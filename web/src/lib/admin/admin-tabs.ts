/**
 * The admin console's tabs and their place in the URL (`/admin?tab=limits`),
 * so a tab can be linked, reloaded and reached with Back. Pure.
 */

export const adminTabs = [
  { id: 'overview', label: 'Overview' },
  { id: 'limits', label: 'Limits' },
  { id: 'models', label: 'Models' },
  { id: 'users', label: 'Users' },
  { id: 'moderation', label: 'Moderation' },
  { id: 'analytics', label: 'Analytics' },
  { id: 'ops', label: 'Ops' },
] as const;

export type AdminTabId = (typeof adminTabs)[number]['id'];

/** The tab a URL asks for; a missing or unknown `tab` opens the overview. */
export function tabFromQuery(params: Pick<URLSearchParams, 'get'>): AdminTabId {
  const asked = params.get('tab');
  return adminTabs.find((tab) => tab.id === asked)?.id ?? 'overview';
}

/**
 * Where a key moves the selection in the tablist (the WAI-ARIA tabs pattern:
 * arrows wrap, Home and End jump); null for any other key.
 */
export function tabAfterKey(current: AdminTabId, key: string): AdminTabId | null {
  const index = adminTabs.findIndex((tab) => tab.id === current);
  const last = adminTabs.length - 1;
  let next: number;
  switch (key) {
    case 'ArrowRight':
      next = index === last ? 0 : index + 1;
      break;
    case 'ArrowLeft':
      next = index === 0 ? last : index - 1;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = last;
      break;
    default:
      return null;
  }
  return adminTabs[next]?.id ?? current;
}
