/** Under a reply a provider wrote: who wrote it, with which model, for how much; it opens what was sent, to whom, and what was paid. */
import { useId, useState } from 'react';
import type { RemoteReply } from '../../../src/api/index.ts';
import { formatMor, shortHex } from '../wallet/units.ts';
import { RemoteReplyPanel } from './RemoteReplyPanel.tsx';

export function RemoteBadge({ remote }: { remote: RemoteReply }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="remote-reply">
      <button
        type="button"
        className="remote-badge"
        data-testid="remote-badge"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        title={open ? 'Hide where this reply was written' : 'Show where this reply was written and what it cost'}
        onClick={() => setOpen((current) => !current)}
      >
        {shortHex(remote.provider.address)} · {remote.model.name} · {formatMor(remote.costWei)}
      </button>
      {open ? <RemoteReplyPanel id={panelId} remote={remote} /> : null}
    </div>
  );
}
