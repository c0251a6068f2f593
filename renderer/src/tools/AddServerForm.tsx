/** Adds a local MCP server: its name, the command that starts it, its arguments (one per line) and, if it needs any, its environment. */
import { useState, type FormEvent } from 'react';
import { argumentLines, environmentLines } from './server-form.ts';
import type { ToolsController } from './useTools.ts';

export function AddServerForm({ controller }: { controller: ToolsController }) {
  const [name, setName] = useState('');
  const [command, setCommand] = useState('');
  const [args, setArgs] = useState('');
  const [envText, setEnvText] = useState('');
  const [busy, setBusy] = useState(false);
  const environment = environmentLines(envText);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!('env' in environment)) return;
    setBusy(true);
    const env = Object.keys(environment.env).length > 0 ? { env: environment.env } : {};
    if (await controller.add({ name: name.trim(), command: command.trim(), args: argumentLines(args), ...env })) {
      setName('');
      setCommand('');
      setArgs('');
      setEnvText('');
    }
    setBusy(false);
  };

  return (
    <form className="tools__add" onSubmit={(event) => void submit(event)} aria-labelledby="tools-add-title">
      <h2 id="tools-add-title">Add a tool server</h2>
      <label htmlFor="tool-server-name">Name</label>
      <input
        id="tool-server-name" className="text-input" value={name} onChange={(event) => setName(event.target.value)}
        placeholder="Files" maxLength={64} data-testid="tool-server-name"
      />
      <label htmlFor="tool-server-command">Command</label>
      <input
        id="tool-server-command" className="text-input text-input--mono" value={command} onChange={(event) => setCommand(event.target.value)}
        placeholder="npx" spellCheck={false} data-testid="tool-server-command"
      />
      <label htmlFor="tool-server-args">Arguments, one per line</label>
      <textarea
        id="tool-server-args" className="text-input text-input--mono" rows={3} value={args} onChange={(event) => setArgs(event.target.value)}
        placeholder={'-y\n@modelcontextprotocol/server-filesystem\n/home/me/notes'} spellCheck={false} aria-describedby="tool-server-args-hint"
        data-testid="tool-server-args"
      />
      <p id="tool-server-args-hint" className="tools__hint">Each line is one argument as it is, spaces included: no quotes needed.</p>
      <label htmlFor="tool-server-env">Environment (optional), one NAME=value per line</label>
      <textarea
        id="tool-server-env" className="text-input text-input--mono" rows={2} value={envText} onChange={(event) => setEnvText(event.target.value)}
        spellCheck={false} aria-invalid={!('env' in environment)} data-testid="tool-server-env"
      />
      {'badLine' in environment ? (
        <p className="tools__problem" role="alert">This line is not NAME=value: {environment.badLine}</p>
      ) : null}
      <div>
        <button
          type="submit" className="button button--primary" data-testid="tool-server-add"
          disabled={busy || name.trim() === '' || command.trim() === '' || !('env' in environment)}
        >
          {busy ? 'Starting…' : 'Add'}
        </button>
      </div>
    </form>
  );
}
