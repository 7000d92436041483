/**
 * Picks an option of an Atlaskit select (react-select) the way a person does: open its menu, click the
 * option showing `label`. `testId` is the select's `testId` prop; Atlaskit derives the parts' data-testid from it.
 */
import type { Page } from 'playwright-core';

/** Opens the select `testId` and picks the option whose visible label is `label` (a string matches exactly). */
export async function chooseOption(page: Page, testId: string, label: string | RegExp): Promise<void> {
  const menu = page.getByTestId(`${testId}-select--listbox`);
  await page.getByTestId(`${testId}-select--control`).click();
  await menu.getByRole('option', { name: label, exact: true }).click();
  await menu.waitFor({ state: 'detached' });
}
