/** The most a reply from the chosen provider can cost: the time left on an open session Hearth would reuse, or the stake of the one it would open. */
import type { HearthApi, MarketBidView } from '../../../src/api/index.ts';
import { useNowSeconds } from '../market/useNowSeconds.ts';
import { useSessions } from '../market/useSessions.ts';
import { worstCase, worstCaseSentence } from '../market/worst-case.ts';

/** Often enough for a count of minutes left. */
const CLOCK_MS = 15_000;

export function WorstCaseLine({ id, api, bid }: { id: string; api: HearthApi; bid: MarketBidView }) {
  const { sessions, failed } = useSessions(api);
  const now = useNowSeconds(CLOCK_MS);
  // Unlisted sessions cannot be reused as far as the window knows: the new session's stake is the worst case then.
  const text =
    sessions === null && !failed ? 'Working out the most this reply can cost…' : worstCaseSentence(bid, worstCase(bid, sessions ?? [], now));
  return (
    <p id={id} className="reply-target__worst" data-testid="reply-worst-case" aria-live="polite">
      {text}
    </p>
  );
}
