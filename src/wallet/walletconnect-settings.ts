/**
 * WalletConnect's project id, kept in the encrypted settings: the window's
 * wallet needs it to reach WalletConnect's relay, and the hosts open the
 * page's Content-Security-Policy to that relay only while one is set. It is
 * a setting, so it works whether or not a marketplace is configured.
 */
import { walletConnectSettingSchema } from '../api/market.ts';
import { HearthError } from '../api/errors.ts';
import type { SettingsRepository } from '../store/settings.ts';

const settingKey = 'wallet.walletConnectProjectId';

const projectIdSchema = walletConnectSettingSchema.shape.projectId.unwrap();

export function walletConnectSetting(settings: SettingsRepository) {
  return {
    /** The project id, or null while none is set. */
    get(): string | null {
      const saved = projectIdSchema.safeParse(settings.get(settingKey));
      return saved.success ? saved.data : null;
    },
    /** Stores a project id as pasted (spaces around it dropped, letters lowered), or clears it with null; a wrong one changes nothing. */
    set(projectId: string | null): string | null {
      if (projectId === null) {
        settings.set(settingKey, null);
        return null;
      }
      const cleaned = projectIdSchema.safeParse(projectId.trim().toLowerCase());
      if (!cleaned.success) {
        throw new HearthError('INVALID_REQUEST', {
          message: 'That is not a WalletConnect project id: a project id is 32 characters, each a digit or a letter from a to f.',
          action: 'Copy the project id again from your project on the Reown dashboard (formerly WalletConnect Cloud), and paste all of it.',
          details: `walletConnect.set: ${projectId.length} characters`,
        });
      }
      settings.set(settingKey, cleaned.data);
      return cleaned.data;
    },
  };
}
