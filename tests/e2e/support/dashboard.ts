import { expect, type Page } from '@playwright/test';

/** A run's row in the training history. */
export const runRow = (page: Page, runId: string) => page.locator(`tr[data-run-id="${runId}"]`);

/** Opens a run's row (whatever state the URL left it in) and returns its details. */
export async function expand(page: Page, runId: string) {
  const toggle = runRow(page, runId).getByRole('button', { name: /^(Expand|Collapse) run/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  return page.locator(`#run-${runId}-details`);
}
