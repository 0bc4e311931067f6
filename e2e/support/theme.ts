import type { Page } from '@playwright/test';

/** Whether the page background actually painted is dark (dark themes paint a dark body). */
export async function bodyIsDark(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const c = getComputedStyle(document.body).backgroundColor;
    const probe = document.createElement('canvas').getContext('2d')!;
    probe.fillStyle = c;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 80;
  });
}

/** How far the page scrolls sideways, if at all ("" when it fits its width). */
export async function sidewaysScroll(page: Page): Promise<string> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  return scroll > client ? `${scroll} > ${client}` : '';
}
