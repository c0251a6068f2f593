/** Says plainly that the bundled demo model is not an assistant, and how to get one that is. */
import { RealModelHelp } from './RealModelHelp.tsx';

export function DemoNotice() {
  return (
    <aside className="demo-notice" aria-label="About the demo model">
      <p className="demo-notice__label" data-testid="demo-label">
        Demo model: stories260K writes children&apos;s stories, not real answers
      </p>
      <details className="demo-notice__details">
        <summary>How to use a real model</summary>
        <RealModelHelp />
      </details>
    </aside>
  );
}
