import fs from 'node:fs/promises';

/** Bytes a download may still write into `dir`. Injectable so tests can simulate a small disk with a quota. */
export type FreeSpace = (dir: string) => Promise<number>;

/** The free space the file system gives to this (unprivileged) user. */
export const fileSystemFreeSpace: FreeSpace = async (dir) => {
  const stats = await fs.statfs(dir);
  return stats.bavail * stats.bsize;
};
