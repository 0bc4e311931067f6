import type { Locator, Page } from '@playwright/test';

/**
 * Page objects for the two pages most specs drive. They hold locators and clicks only; every
 * assertion stays in the spec, so a spec still reads as the behaviour it checks.
 */

/** `/objects/[objectId]`: reveal, copy, edit and delete one Vault object. */
export class ObjectPage {
  constructor(readonly page: Page) {}

  goto(obj: { path: string }) {
    return this.page.goto(obj.path);
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { name });
  }
  get masked(): Locator {
    return this.page.getByLabel('Value hidden');
  }
  get revealed(): Locator {
    return this.page.getByTestId('revealed-value');
  }
  get reason(): Locator {
    return this.page.getByLabel(/Reason \(optional/);
  }
  get versions(): Locator {
    return this.page.getByRole('table', { name: /Version history/ });
  }
  get editor(): Locator {
    return this.page.getByLabel(/New value/);
  }
  get saveButton(): Locator {
    return this.page.getByRole('button', { name: 'Save new version' });
  }
  get saved(): Locator {
    return this.page.getByText(/Saved as version/);
  }

  /** The first reveal's button is "Reveal", later ones "Reveal again". */
  reveal() {
    return this.page.getByRole('button', { name: /^Reveal( again)?$/ }).click();
  }
  hide() {
    return this.page.getByRole('button', { name: 'Hide now' }).click();
  }
  copy() {
    return this.page.getByRole('button', { name: 'Copy without showing' }).click();
  }
  /** Opens the editor and waits until it holds the loaded value (so its base version is fixed). */
  async openEditor(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Edit value' }).click();
    await this.editor.waitFor();
    return this.editor;
  }
  save() {
    return this.saveButton.click();
  }
}

/** `/orgs/[orgId]`: one organization's objects, searched, sorted and paged. */
export class OrgPage {
  constructor(readonly page: Page) {}

  goto(orgId: string) {
    return this.page.goto(`/orgs/${encodeURIComponent(orgId)}`);
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { name });
  }
  /** The link to an object, by its exact name or a pattern. */
  object(name: string | RegExp): Locator {
    return this.page.getByRole('link', { name });
  }
  get search(): Locator {
    return this.page.getByLabel('Search by name');
  }
  get sort(): Locator {
    return this.page.getByLabel('Sort by');
  }
  nextPage() {
    return this.page.getByRole('button', { name: 'Next →' }).click();
  }
  previousPage() {
    return this.page.getByRole('button', { name: '← Previous' }).click();
  }
  createObject() {
    return this.page.getByRole('link', { name: 'Create object' }).click();
  }
}
