/**
 * Tools of local MCP servers: the servers the person set up, each with its
 * tools or why it could not start; a form to add one; and the tools allowed
 * always, each with Revoke. The local model asks before each call, in chat.
 */
import type { HearthApi } from '../../../src/api/index.ts';
import { AddServerForm } from './AddServerForm.tsx';
import { ServerItem } from './ServerItem.tsx';
import { useTools } from './useTools.ts';
import './tools.css';

export function ToolsPage({ api }: { api: HearthApi }) {
  const controller = useTools(api);
  const { servers, grants, error } = controller;
  return (
    <main className="tools" data-testid="tools-page">
      <h1>Tools</h1>
      <p className="tools__intro">
        Tool servers are programs on this computer that give the local model tools, such as reading files or
        looking things up (the Model Context Protocol). Hearth starts them when needed and asks you before each
        tool call, unless you allowed that tool always. Replies written by a provider never use tools.
      </p>
      {error ? (
        <p className="tools__problem" role="alert" data-testid="tools-error">
          <strong>{error.message}</strong> {error.action}
          {error.details ? <span className="tools__details"> ({error.details})</span> : null}
        </p>
      ) : null}
      <h2>Tool servers</h2>
      {servers === null ? (
        <p className="tools__hint" role="status">Starting the tool servers to list their tools…</p>
      ) : servers.length === 0 ? (
        <p className="tools__hint" data-testid="tools-empty">No tool servers yet.</p>
      ) : (
        <ul className="stack-list">
          {servers.map((server) => <ServerItem key={server.id} server={server} controller={controller} />)}
        </ul>
      )}
      <AddServerForm controller={controller} />
      <h2>Always allowed</h2>
      {grants.length === 0 ? (
        <p className="tools__hint">No tool is allowed always: Hearth asks before each call.</p>
      ) : (
        <ul className="stack-list" aria-label="Tools allowed always">
          {grants.map((grant) => (
            <li key={`${grant.server}/${grant.tool}`} className="tools__grant" data-testid="tool-grant">
              <span>
                <code>{grant.tool}</code> of {grant.serverName}
              </span>
              <button type="button" className="button button--quiet" onClick={() => void controller.revoke(grant.server, grant.tool)} data-testid="tool-grant-revoke">
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
