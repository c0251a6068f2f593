/**
 * The desktop app starts its workers as Electron utility processes (its
 * fuses leave child_process.fork no Node to run). Electron cannot run
 * here, so a double of the utility process (tests/helpers) runs the real
 * worker scripts through their utility-process branch: the inference
 * worker chats with the demo model and the document reader reads a file,
 * and each leaves when asked, without being killed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultGenerationSettings } from '../../src/chat/chat-service.ts';
import { Engine } from '../../src/engine/engine.ts';
import { extractDocument } from '../../src/memory/documents/index.ts';
import { demoModelPath } from '../helpers/models.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';
import { utilityProcessDouble } from '../helpers/utility-process-double.ts';

const tempDir = useTempDirs();
const engines: Engine[] = [];

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

describe('workers started as (a double of) Electron utility processes', () => {
  it('the inference worker loads the demo model, writes a reply, and leaves when the engine closes', async () => {
    const utility = utilityProcessDouble();
    const values = new Map<string, unknown>();
    const engine = new Engine({
      memory: { get: <T>(key: string) => values.get(key) as T | undefined, set: (key, value) => void values.set(key, value) },
      onStatus: () => undefined,
      threads: 1,
      launchWorker: utility.launch,
    });
    engines.push(engine);
    await expect(engine.load(demoModelPath, { isDemo: true })).resolves.toMatchObject({ state: 'ready' });
    const chunks: string[] = [];
    const { result } = engine.generate(
      { history: [], prompt: 'Once upon a time', settings: { ...defaultGenerationSettings, maxTokens: 20, temperature: 0, seed: 7 } },
      (text) => chunks.push(text),
    );
    await expect(result).resolves.toMatchObject({ stopped: false });
    expect(chunks.join('').trim().length).toBeGreaterThan(0);

    await engine.close();
    expect(utility.exits).toEqual([{ code: 0, signal: null }]);
  });

  it('the document reader reads a file and leaves when asked', async () => {
    const utility = utilityProcessDouble();
    const file = path.join(tempDir(), 'note.md');
    fs.writeFileSync(file, '# Hearth\n\nThe kettle is on.\n');
    const { sections } = await extractDocument(file, { launch: utility.launch });
    expect(sections.map((section) => section.text).join('')).toContain('The kettle is on.');
    await expect.poll(() => utility.exits, { timeout: 10_000 }).toEqual([{ code: 0, signal: null }]);
  });
});
