/**
 * Steps with the test wallet that more than one spec takes in Hearth's
 * window: finding an address as the window shows it, the review dialogs,
 * and connecting the wallet on the Wallet page.
 */
import { expect, type Page } from '@playwright/test';
import { testWalletInfo, type TestWallet } from './test-wallet.ts';

/** An address or id as the window may show it: whole, or shortened to 0x1234…abcd. */
export function hexShown(hex: string): RegExp {
  return new RegExp(`${hex.slice(0, 6)}(${hex.slice(6, -4)}|…)${hex.slice(-4)}`, 'i');
}

export const signatureDialog = (page: Page) => page.getByRole('dialog', { name: 'Review signature' });
export const reviewDialog = (page: Page) => page.getByRole('dialog', { name: 'Review transaction' });

/** Connects the test wallet on the Wallet page; the first connection proves it with a signature, reviewed first; later ones find it linked. */
export async function connectWallet(page: Page, wallet: TestWallet): Promise<void> {
  await page.getByTestId('nav-wallet').click();
  await page.getByRole('button', { name: `Connect ${testWalletInfo.name}` }).click();
  await expect(page.getByTestId('wallet-address')).toHaveText(hexShown(wallet.address));
  const linked = page.getByTestId('wallet-linked');
  await expect(linked.or(signatureDialog(page))).toBeVisible({ timeout: 30_000 });
  if (!(await linked.isVisible())) await signatureDialog(page).getByRole('button', { name: 'Sign in wallet' }).click();
  await expect(linked).toBeVisible({ timeout: 30_000 });
}
