/** Opens the OS file dialog where there is one (the desktop app) and hands back the chosen path; renders nothing in a browser. */
import type { PathRequest } from '../../../src/api/index.ts';
import { useHearth } from '../state/HearthProvider.tsx';

export function useCanBrowse(): boolean {
  return useHearth().api.pickPath !== undefined;
}

export function BrowseButton({ purpose, label, onPicked }: { purpose: PathRequest['purpose']; label: string; onPicked(path: string): void }) {
  const { api } = useHearth();
  const pickPath = api.pickPath;
  if (pickPath === undefined) return null;
  const browse = async () => {
    const path = await pickPath({ purpose });
    if (path !== null) onPicked(path);
  };
  return (
    <button type="button" className="button" onClick={() => void browse()} data-testid={`browse-${purpose}`}>
      {label}
    </button>
  );
}
