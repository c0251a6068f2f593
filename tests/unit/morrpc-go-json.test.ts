import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goString } from '../../src/market/morrpc/go-json.ts';
import {
  encodePingRequest, encodePongResult, encodePromptRequest, encodePromptResult, encodeReportRequest, encodeReportResult,
  encodeRpcError, encodeRpcRequest, encodeRpcResponse, encodeSessionRequest, encodeSessionResult, type Hex,
} from '../../src/market/morrpc/messages.ts';

// Bytes written by Go's own encoding/json (tools/go-json-fixtures/main.go).
interface GoCase { name: string; type: string; input: Record<string, string>; go: string }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/go-json-morrpc.json', import.meta.url), 'utf8')) as { cases: GoCase[] };

/** Go strings arrive as the hex of their bytes; an invalid UTF-8 byte becomes a lone surrogate, as it would in JavaScript. */
function textOf(hex: string | undefined): string {
  const bytes = Buffer.from(hex ?? '', 'hex');
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const length = utf8Length(bytes, i);
    out += length === 0 ? '\udc80' : bytes.subarray(i, i + length).toString('utf8');
    i += length === 0 ? 1 : length;
  }
  return out;
}

function utf8Length(bytes: Buffer, at: number): number {
  for (const length of [1, 2, 3, 4]) {
    const piece = bytes.subarray(at, at + length);
    if (piece.length === length && Buffer.from(piece.toString('utf8'), 'utf8').equals(piece) && !piece.toString('utf8').includes('\ufffd')) return length;
  }
  // A real U+FFFD in the input is valid UTF-8 (ef bf bd).
  if (bytes.subarray(at, at + 3).equals(Buffer.from([0xef, 0xbf, 0xbd]))) return 3;
  return 0;
}

const hex = (value: string | undefined) => (value ?? '0x') as Hex;
const int = (value: string | undefined) => Number(value ?? '0');

const encoders: Record<string, (input: Record<string, string>) => string> = {
  PingReq: (i) => encodePingRequest({ nonce: hex(i.nonce), signature: hex(i.signature) }),
  PongRes: (i) => encodePongResult({ nonce: hex(i.nonce), version: textOf(i.version), signature: hex(i.signature) }),
  SessionReq: (i) => encodeSessionRequest({
    signature: hex(i.signature), user: hex(i.user), key: hex(i.key), spend: BigInt(i.spend ?? '0'), timestamp: int(i.timestamp), bidid: hex(i.bidid),
  }),
  SessionRes: (i) => encodeSessionResult({
    message: hex(i.message), approval: hex(i.approval), approvalSig: hex(i.approvalSig), user: hex(i.user), timestamp: int(i.timestamp), signature: hex(i.signature),
  }),
  SessionPromptReq: (i) => encodePromptRequest({ signature: hex(i.signature), sessionid: hex(i.sessionid), message: textOf(i.message), timestamp: int(i.timestamp) }),
  SessionPromptRes: (i) => encodePromptResult({ message: textOf(i.message), signature: hex(i.signature), timestamp: int(i.timestamp) }),
  SessionReportReq: (i) => encodeReportRequest({ signature: hex(i.signature), message: textOf(i.message), timestamp: int(i.timestamp) }),
  SessionReportRes: (i) => encodeReportResult({ message: hex(i.message), signedReport: hex(i.signedReport), signature: hex(i.signature), timestamp: int(i.timestamp) }),
  RpcError: (i) => encodeRpcError({ message: textOf(i.message), code: int(i.code), data: { timestamp: int(i['data.timestamp']), signature: hex(i['data.signature']) } }),
  RPCMessage: (i) => encodeRpcRequest(textOf(i.id), textOf(i.method), textOf(i.params)),
  RpcResponse: (i) => encodeRpcResponse(textOf(i.id), i.result !== undefined
    ? { result: textOf(i.result) }
    : { error: encodeRpcError({ message: textOf(i['error.message']), code: int(i['error.code']), data: { timestamp: int(i['error.data.timestamp']), signature: hex(i['error.data.signature']) } }) }),
};

describe('MOR-RPC messages are serialized byte for byte as Go encodes them', () => {
  it('the fixture covers every message type', () => {
    expect(new Set(fixture.cases.map((c) => c.type))).toEqual(new Set(Object.keys(encoders)));
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, goCase) => {
    const encode = encoders[goCase.type];
    expect(encode, `no encoder for ${goCase.type}`).toBeDefined();
    expect(encode!(goCase.input)).toBe(goCase.go);
  });

  it('writes \\b and \\f in short form, as Go 1.22 and later do (the live proxy-router is built with Go 1.25)', () => {
    expect(goString('a\bb\fc')).toBe('"a\\bb\\fc"');
  });
});
