import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { encodePromptRequest, encodeSessionRequest, type PromptRequest } from '../../src/market/morrpc/messages.ts';
import { parseMessage, promptRequestSchema, sessionRequestSchema } from '../../src/market/morrpc/schemas.ts';
import { publicKeyOf, recoverSigner } from '../../src/market/morrpc/signature.ts';
import { errorHasValidSignature, hasValidSignature, signedError, withSignature } from '../../src/market/morrpc/signing.ts';

const sessionKey = secp256k1.utils.randomSecretKey();
const sessionId = `0x${'ab'.repeat(32)}` as const;

describe('MOR-RPC signatures', () => {
  it('a prompt signed with the session key verifies against that key, and only that key', () => {
    const prompt = withSignature<PromptRequest>({ signature: '0x', sessionid: sessionId, message: '{"messages":[]}', timestamp: 1764072000000 }, encodePromptRequest, sessionKey);
    expect(prompt.signature).toMatch(/^0x[0-9a-f]{130}$/);
    expect(['00', '01']).toContain(prompt.signature.slice(-2));
    expect(hasValidSignature(prompt, encodePromptRequest, publicKeyOf(sessionKey))).toBe(true);
    expect(hasValidSignature(prompt, encodePromptRequest, publicKeyOf(secp256k1.utils.randomSecretKey()))).toBe(false);
    expect(hasValidSignature({ ...prompt, message: '{"messages":[1]}' }, encodePromptRequest, publicKeyOf(sessionKey))).toBe(false);
  });

  it('a message received with uppercase hex and HTML-escaped text still verifies (Go re-encodes before checking)', () => {
    const signed = withSignature({ signature: '0x', sessionid: sessionId, message: 'a <b> & c', timestamp: 5 }, encodePromptRequest, sessionKey);
    const wire = encodePromptRequest(signed).replace(sessionId, sessionId.toUpperCase().replace('0X', '0x'));
    expect(wire).toContain('\\u003cb\\u003e \\u0026');
    const received = parseMessage(wire, promptRequestSchema);
    expect(hasValidSignature(received, encodePromptRequest, publicKeyOf(sessionKey))).toBe(true);
  });

  it('the session request signature recovers to the key it carries; spend survives as a big integer', () => {
    const request = withSignature({
      signature: '0x', user: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', key: publicKeyOf(sessionKey),
      spend: 10n ** 30n, timestamp: 1764072000000, bidid: sessionId,
    } as const, encodeSessionRequest, sessionKey);
    const received = parseMessage(encodeSessionRequest(request), sessionRequestSchema);
    expect(received.spend).toBe(10n ** 30n);
    expect(hasValidSignature(received, encodeSessionRequest, received.key)).toBe(true);
  });

  it('a high-s or malformed signature is refused', () => {
    expect(recoverSigner('{}', '0x1234')).toBeNull();
    expect(recoverSigner('{}', `0x${'ff'.repeat(64)}00`)).toBeNull();
  });

  it('errors carry a signature over their body', () => {
    const error = signedError('Session is closed', 400, sessionKey, 7);
    expect(errorHasValidSignature(error, publicKeyOf(sessionKey))).toBe(true);
    expect(errorHasValidSignature({ ...error, message: 'fine' }, publicKeyOf(sessionKey))).toBe(false);
  });
});
