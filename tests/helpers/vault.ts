/** Tests create their throwaway data with a passphrase and a cheap scrypt cost, so that each start takes milliseconds. */
export const testPassphrase = 'correct horse battery staple';

export const cheapKdfCost = { N: 2 ** 10, r: 8, p: 1 } as const;

export const unlockedForTests = { passphrase: testPassphrase, kdfCost: cheapKdfCost } as const;
