/**
 * Where a provider's reply ran, in full: the provider, model, bid and
 * session, the transactions it took, what it cost and how fast it came,
 * what left this device (its exact text, redacted), and who continued it
 * when the provider failed.
 */
import type { RemoteReply, ReplyPart } from '../../../src/api/index.ts';
import { pricePerSecond } from '../market/format.ts';
import { formatMor, shortHex } from '../wallet/units.ts';
import { SentRequest } from './SentRequest.tsx';

/** A hash shown short, with the full hash as its title. */
function Hash({ value }: { value: string }) {
  return (
    <code className="remote-panel__hash" title={value}>
      {shortHex(value)}
    </code>
  );
}

function ContinuedBy({ part }: { part: ReplyPart }) {
  const lead = (
    <>
      From character {part.startsAt}, after <code>{part.after}</code>: continued by{' '}
    </>
  );
  if (part.remote === null) {
    return (
      <li>
        {lead}
        {part.model ?? 'the local model'} on this computer.
      </li>
    );
  }
  const { remote } = part;
  return (
    <li>
      {lead}
      {remote.model.name} from the next provider, <span title={remote.provider.address}>{shortHex(remote.provider.address)}</span> at{' '}
      {pricePerSecond(remote.bid)}, in session <Hash value={remote.sessionId} />: {formatMor(remote.costWei)} for {remote.seconds} s.
    </li>
  );
}

export function RemoteReplyPanel({ id, remote }: { id: string; remote: RemoteReply }) {
  const parts = remote.continuedBy ?? [];
  const totalWei = parts.reduce((sum, part) => sum + BigInt(part.remote?.costWei ?? '0'), BigInt(remote.costWei));
  return (
    <section id={id} className="remote-panel" data-testid="remote-reply-panel" aria-label="Where this reply was written">
      <dl className="remote-panel__facts">
        <dt>Provider</dt>
        <dd>
          <code className="remote-panel__full">{remote.provider.address}</code>
          <span className="remote-panel__sub">{remote.provider.endpoint}</span>
        </dd>
        <dt>Model</dt>
        <dd>{remote.model.name}</dd>
        <dt>Bid</dt>
        <dd>
          <Hash value={remote.bid.id} /> at {pricePerSecond(remote.bid)}
        </dd>
        <dt>Session</dt>
        <dd>
          <Hash value={remote.sessionId} />
        </dd>
        <dt>Transactions</dt>
        <dd>
          {remote.transactions.length === 0 ? (
            'None: it used a session already open.'
          ) : (
            <ul className="remote-panel__list">
              {remote.transactions.map((hash) => (
                <li key={hash}>
                  <Hash value={hash} />
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Cost</dt>
        <dd>
          {formatMor(remote.costWei)} for {remote.seconds} s
          {parts.some((part) => part.remote !== null) ? `; ${formatMor(totalWei)} with the providers that continued it` : null}
        </dd>
        <dt>Tokens</dt>
        <dd>
          {remote.inputTokens} in, {remote.outputTokens} out
        </dd>
        <dt>Speed</dt>
        <dd>
          First text after {Math.round(remote.ttftMs)} ms, then {remote.tokensPerSecond.toFixed(1)} tok/s
        </dd>
        <dt>What left this device</dt>
        <dd>
          {remote.sent.bytes} bytes, sha256 <code className="remote-panel__full">{remote.sent.sha256}</code>
          <SentRequest sent={remote.sent} />
        </dd>
        {parts.length > 0 ? (
          <>
            <dt>Continued</dt>
            <dd>
              <ul className="remote-panel__list">
                {parts.map((part) => (
                  <ContinuedBy key={part.startsAt} part={part} />
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
