/** In the chat header: the conversation's preset (or whether its settings are Hearth's), opening its settings. */
import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { HearthApi } from '../../../src/api/index.ts';
import { ChatSettingsPanel } from './ChatSettingsPanel.tsx';
import { settingsLabel } from './settings-form.ts';
import { useChatSettings } from './useChatSettings.ts';
import './chat-settings.css';

export function ChatSettingsButton({ api, conversationId }: { api: HearthApi; conversationId: string }) {
  const controller = useChatSettings(api, conversationId);
  const [open, setOpen] = useState(false);
  const { view } = controller;
  return (
    <div className="chat-settings">
      <button
        type="button" className="button button--quiet" aria-haspopup="dialog" aria-expanded={open}
        onClick={() => setOpen(true)} disabled={view === null} data-testid="chat-settings"
        title="This chat\u2019s system prompt, sampling, reply length, context and the memories and documents it may use"
      >
        {view === null ? 'Settings' : settingsLabel(view)}
      </button>
      {/* Above the whole window, not inside the header's stacking of its tools. */}
      {open && view !== null ? createPortal(<ChatSettingsPanel controller={controller} view={view} onClose={() => setOpen(false)} />, document.body) : null}
    </div>
  );
}
