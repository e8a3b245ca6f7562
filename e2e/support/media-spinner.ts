import { expect, type Page } from '@playwright/test';

/** A node of the Chrome DevTools Protocol's DOM tree, as far as this file reads it. */
interface DomNode {
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

const loadingPanel = '-internal-media-controls-loading-panel';

/** How many of Chromium's media loading spinners show, counted in the players' user-agent shadow trees. */
async function spinnersShown(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as {
      root: DomNode;
    };
    let shown = 0;
    const visit = (node: DomNode) => {
      const attributes = new Map<string, string>();
      for (let index = 0; index + 1 < (node.attributes?.length ?? 0); index += 2) {
        attributes.set(node.attributes![index]!, node.attributes![index + 1]!);
      }
      if (attributes.get('pseudo') === loadingPanel && !attributes.get('style')?.includes('display: none')) {
        shown += 1;
      }
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) visit(child);
      if (node.contentDocument) visit(node.contentDocument);
    };
    visit(root);
    return shown;
  } finally {
    await session.detach();
  }
}

/**
 * Waits until no `<video>` shows Chromium's loading spinner. Once a video
 * has loaded, the spinner still finishes its turn (up to about 5 s), which
 * a screenshot taken meanwhile would show over a ready player.
 */
export async function expectNoMediaSpinner(page: Page): Promise<void> {
  await expect
    .poll(() => spinnersShown(page), {
      message: 'the players’ loading spinners have stopped',
      timeout: 15_000,
    })
    .toBe(0);
}
