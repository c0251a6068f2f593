/**
 * Under the composer, when a marketplace is configured: where the next
 * reply is written (Hearth deciding per message, this computer, a model's
 * best provider, or one bid), and, for a provider, the most it can cost,
 * said before anything is sent.
 */
import type { HearthApi, ReplyTarget } from '../../../src/api/index.ts';
import type { ReplyOption } from '../market/reply-targets.ts';
import { WorstCaseLine } from './WorstCaseLine.tsx';

export interface ReplyTargetControlProps {
  api: HearthApi;
  options: ReplyOption[];
  chosen: ReplyOption;
  onChoose(target: ReplyTarget): void;
}

const worstCaseId = 'reply-worst-case';

export function ReplyTargetControl({ api, options, chosen, onChoose }: ReplyTargetControlProps) {
  return (
    <div className="reply-target">
      <div className="reply-target__row">
        <label htmlFor="reply-target">Reply from</label>
        <select
          id="reply-target"
          className="reply-target__select"
          data-testid="reply-target"
          value={chosen.value}
          onChange={(event) => onChoose(options.find((option) => option.value === event.target.value)?.target ?? chosen.target)}
          aria-describedby={chosen.bid === null ? undefined : worstCaseId}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {chosen.bid === null ? null : <WorstCaseLine id={worstCaseId} api={api} bid={chosen.bid} />}
    </div>
  );
}
