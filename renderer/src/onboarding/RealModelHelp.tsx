/** Exactly how to point Hearth at a real chat model. */
export function RealModelHelp() {
  return (
    <div className="real-model-help">
      <ol>
        <li>
          Download a GGUF chat model from Hugging Face, for example <strong>Qwen2.5-1.5B-Instruct</strong> (file{' '}
          <code>Q4_K_M</code>, about 1 GB) or <strong>Llama-3.2-3B-Instruct</strong> (<code>Q4_K_M</code>, about 2 GB).
        </li>
        <li>
          Start Hearth with it:
          <ul>
            <li>
              desktop: <code>npm start -- --model /path/to/model.gguf</code>
            </li>
            <li>
              browser: <code>npm run serve -- --model /path/to/model.gguf</code>
            </li>
            <li>
              or set <code>HEARTH_MODEL=/path/to/model.gguf</code> before starting.
            </li>
          </ul>
        </li>
      </ol>
    </div>
  );
}
