/**
 * A conversation's settings: a preset to apply, the system prompt, the
 * sampling values, reply length and context size (empty: Hearth's, shown
 * as the placeholder), and which memories and documents replies may use;
 * saved as they are, or as a preset to reuse.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChatSettingsView, ContextUse } from '../../../src/api/index.ts';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.tsx';
import { fromFields, toFields, type SettingsFields } from './settings-form.ts';
import type { ChatSettingsController } from './useChatSettings.ts';

const uses: readonly [ContextUse, string][] = [['all', 'All relevant'], ['pinned', 'Pinned only'], ['none', 'None']];

function UseSelect({ label, value, onChange, testId }: { label: string; value: ContextUse; onChange(value: ContextUse): void; testId: string }) {
  return (
    <label className="chat-settings__field">
      <span>{label}</span>
      <select className="text-input" value={value} onChange={(event) => onChange(event.target.value as ContextUse)} data-testid={testId}>
        {uses.map(([use, words]) => <option key={use} value={use}>{words}</option>)}
      </select>
    </label>
  );
}

export function ChatSettingsPanel({ controller, view, onClose }: { controller: ChatSettingsController; view: ChatSettingsView; onClose(): void }) {
  const [fields, setFields] = useState<SettingsFields>(() => toFields(view.settings));
  const [problems, setProblems] = useState<string[]>([]);
  const [presetName, setPresetName] = useState('');
  const [chosenPreset, setChosenPreset] = useState(view.preset?.id ?? '');
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const first = useRef<HTMLTextAreaElement>(null);
  const { defaults } = view;
  const set = <K extends keyof SettingsFields>(key: K, value: SettingsFields[K]) => setFields((current) => ({ ...current, [key]: value }));

  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && deleting === null) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, deleting]);

  const parsed = () => {
    const result = fromFields(fields);
    setProblems('problems' in result ? result.problems : []);
    return 'settings' in result ? result.settings : null;
  };
  const save = async () => {
    const settings = parsed();
    if (settings !== null && (await controller.save(settings))) onClose();
  };
  const saveAsPreset = async () => {
    const settings = parsed();
    const name = presetName.trim();
    if (settings === null) return;
    if (name === '') {
      setProblems(['Give the preset a name first.']);
      return;
    }
    const existing = controller.presets.find((preset) => preset.name.toLowerCase() === name.toLowerCase());
    if (await controller.savePreset(name, settings, existing?.id)) setPresetName('');
  };
  const apply = async () => {
    const preset = controller.presets.find((candidate) => candidate.id === chosenPreset);
    if (preset && (await controller.applyPreset(preset.id))) setFields(toFields(preset.settings));
  };
  const chosen = controller.presets.find((preset) => preset.id === chosenPreset) ?? null;

  return (
    <div className="dialog-backdrop">
      <div className="dialog chat-settings__panel" role="dialog" aria-modal="true" aria-labelledby="chat-settings-title" data-testid="chat-settings-panel">
        <h3 id="chat-settings-title">Settings for this chat</h3>
        <div className="chat-settings__presets">
          <label className="chat-settings__field">
            <span>Preset</span>
            <select className="text-input" value={chosenPreset} onChange={(event) => setChosenPreset(event.target.value)} data-testid="preset-select">
              <option value="">{controller.presets.length === 0 ? 'No presets saved yet' : 'Choose a preset'}</option>
              {controller.presets.map((preset) => <option key={preset.id} value={preset.id}>{preset.name}</option>)}
            </select>
          </label>
          <button type="button" className="button" onClick={() => void apply()} disabled={chosen === null} data-testid="preset-apply">
            Apply
          </button>
          <button type="button" className="button button--quiet" onClick={() => chosen && setDeleting(chosen)} disabled={chosen === null}>
            Delete preset
          </button>
        </div>
        <label className="chat-settings__field chat-settings__field--wide">
          <span>System prompt</span>
          <textarea
            ref={first} className="text-input" rows={4} value={fields.systemPrompt} placeholder={defaults.systemPrompt}
            onChange={(event) => set('systemPrompt', event.target.value)} data-testid="system-prompt"
          />
        </label>
        <div className="chat-settings__grid">
          <label className="chat-settings__field">
            <span>Temperature</span>
            <input className="text-input" inputMode="decimal" value={fields.temperature} placeholder={String(defaults.temperature)} onChange={(event) => set('temperature', event.target.value)} data-testid="temperature" />
          </label>
          <label className="chat-settings__field">
            <span>Top-p</span>
            <input className="text-input" inputMode="decimal" value={fields.topP} placeholder={String(defaults.topP)} onChange={(event) => set('topP', event.target.value)} data-testid="top-p" />
          </label>
          <label className="chat-settings__field">
            <span>Longest reply (tokens)</span>
            <input className="text-input" inputMode="numeric" value={fields.maxTokens} placeholder={String(defaults.maxTokens)} onChange={(event) => set('maxTokens', event.target.value)} data-testid="max-tokens" />
          </label>
          <label className="chat-settings__field">
            <span>Context size (tokens)</span>
            <input
              className="text-input" inputMode="numeric" value={fields.contextTokens} placeholder={defaults.contextTokens === null ? 'The model\u2019s' : String(defaults.contextTokens)}
              onChange={(event) => set('contextTokens', event.target.value)} data-testid="context-tokens"
            />
          </label>
          <UseSelect label="Memories" value={fields.memories} onChange={(value) => set('memories', value)} testId="memories-use" />
          <UseSelect label="Documents" value={fields.documents} onChange={(value) => set('documents', value)} testId="documents-use" />
        </div>
        <p className="chat-settings__note">
          Empty fields follow Hearth{'\u2019'}s defaults (shown in grey). The context size is at most the model{'\u2019'}s
          {defaults.contextTokens === null ? '' : ` (${defaults.contextTokens} tokens)`}. Replies written by a provider also get only what
          your sharing setting allows.
        </p>
        {[...problems, ...(controller.error ? [`${controller.error.message} ${controller.error.action}`] : [])].map((problem) => (
          <p key={problem} className="vault__error" role="alert">{problem}</p>
        ))}
        <div className="chat-settings__save-preset">
          <label className="chat-settings__field">
            <span>Save these settings as a preset</span>
            <input className="text-input" value={presetName} placeholder="A name, such as Coder" maxLength={60} onChange={(event) => setPresetName(event.target.value)} data-testid="preset-name" />
          </label>
          <button type="button" className="button" onClick={() => void saveAsPreset()} data-testid="preset-save">Save preset</button>
        </div>
        <div className="dialog__buttons">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="button" className="button button--primary" onClick={() => void save()} data-testid="chat-settings-save">Save</button>
        </div>
      </div>
      {deleting ? (
        <ConfirmDialog
          title={`Delete the preset \u201c${deleting.name}\u201d?`} keepLabel="Keep it" confirmLabel="Delete preset"
          onCancel={() => setDeleting(null)} testId="preset-delete-dialog" confirmTestId="preset-delete-confirm"
          onConfirm={() => {
            void controller.deletePreset(deleting.id);
            setChosenPreset('');
            setDeleting(null);
          }}
        >
          Chats that use it keep their settings; only the preset is removed.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
