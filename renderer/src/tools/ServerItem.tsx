/** One tool server: its state and tools (or why it could not start), a switch to turn it on or off, and Remove after a confirmation. */
import { useState } from 'react';
import type { ToolServerView } from '../../../src/api/index.ts';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.tsx';
import type { ToolsController } from './useTools.ts';

const stateLabels: Record<ToolServerView['state'], string> = { ready: 'Ready', failed: 'Could not start', disabled: 'Off' };

export function ServerItem({ server, controller }: { server: ToolServerView; controller: ToolsController }) {
  const [confirming, setConfirming] = useState(false);
  const [working, setWorking] = useState(false);
  const act = async (action: () => Promise<boolean>) => {
    setWorking(true);
    await action();
    setWorking(false);
  };
  const commandLine = [server.command, ...server.args].join(' ');
  return (
    <li className="tools__server" data-testid="tool-server" data-state={server.state}>
      <div className="tools__server-head">
        <h3>{server.name}</h3>
        <span className={`badge${server.state === 'ready' ? ' badge--ok' : server.state === 'failed' ? ' tools__badge--failed' : ''}`} data-testid="tool-server-state">
          {stateLabels[server.state]}
        </span>
      </div>
      <code className="tools__command">{commandLine}</code>
      {server.error ? (
        <p className="tools__problem" role="alert" data-testid="tool-server-error">
          <strong>{server.error.message}</strong> {server.error.action}
          {server.error.details ? <span className="tools__details"> ({server.error.details})</span> : null}
        </p>
      ) : null}
      {server.tools.length > 0 ? (
        <ul className="tools__tool-list" aria-label={`Tools of ${server.name}`}>
          {server.tools.map((tool) => (
            <li key={tool.name}>
              <code data-testid="tool-name">{tool.name}</code>
              {tool.description ? <span className="tools__description">: {tool.description}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="tools__server-actions">
        <label className="tools__switch">
          <input
            type="checkbox" role="switch" checked={server.enabled} disabled={working}
            onChange={(event) => void act(() => controller.setEnabled(server.id, event.target.checked))} data-testid="tool-server-enabled"
          />
          Let the local model use these tools
        </label>
        <button type="button" className="button button--quiet" disabled={working} onClick={() => setConfirming(true)} data-testid="tool-server-remove">
          Remove…
        </button>
      </div>
      {confirming ? (
        <ConfirmDialog
          title={`Remove ${server.name}?`} keepLabel="Keep it" confirmLabel="Remove" testId="tool-server-remove-dialog" confirmTestId="tool-server-remove-confirm"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void act(() => controller.remove(server.id));
          }}
        >
          Hearth stops the server and forgets it, with the tools of it you allowed always. Tool calls already in your conversations stay there.
        </ConfirmDialog>
      ) : null}
    </li>
  );
}
