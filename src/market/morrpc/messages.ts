/**
 * The MOR-RPC message types and their Go-exact JSON encodings. Field
 * names, order and omitempty follow the proxy-router's structs; a
 * signature of `0x` (empty) is how a message looks while it is signed.
 */
import { goBigDecimal, goHex, goInteger, goObject, goString, type GoField } from './go-json.ts';

export type Hex = `0x${string}`;

export const emptySignature: Hex = '0x';

export interface PingRequest { nonce: Hex; signature: Hex }
export interface PongResult { nonce: Hex; version: string; signature: Hex }
export interface SessionRequest { signature: Hex; user: Hex; key: Hex; spend: bigint; timestamp: number; bidid: Hex }
export interface SessionResult { message: Hex; approval: Hex; approvalSig: Hex; user: Hex; timestamp: number; signature: Hex }
export interface PromptRequest { signature: Hex; sessionid: Hex; message: string; timestamp: number }
/** `message` is the ECIES ciphertext of one OpenAI chunk, hex without 0x (as the proxy-router writes it). */
export interface PromptResult { message: string; signature: Hex; timestamp: number }
export interface ReportRequest { signature: Hex; message: string; timestamp: number }
export interface ReportResult { message: Hex; signedReport: Hex; signature: Hex; timestamp: number }
export interface RpcErrorBody { message: string; code: number; data: { timestamp: number; signature: Hex } }

/** Go's omitempty on a HexString: an empty byte slice is left out. */
const omitEmpty = (hex: Hex): string | undefined => (hex === emptySignature ? undefined : goHex(hex));
const omitEmptyString = (text: string): string | undefined => (text === '' ? undefined : goString(text));

export function encodePingRequest(m: PingRequest): string {
  return goObject([['nonce', goHex(m.nonce)], ['signature', goHex(m.signature)]]);
}

export function encodePongResult(m: PongResult): string {
  return goObject([['nonce', goHex(m.nonce)], ['version', omitEmptyString(m.version)], ['signature', goHex(m.signature)]]);
}

export function encodeSessionRequest(m: SessionRequest): string {
  return goObject([
    ['signature', omitEmpty(m.signature)],
    ['user', goHex(m.user)],
    ['key', goHex(m.key)],
    ['spend', goBigDecimal(m.spend)],
    ['timestamp', goInteger(m.timestamp)],
    ['bidid', goHex(m.bidid)],
  ]);
}

export function encodeSessionResult(m: SessionResult): string {
  return goObject([
    ['message', goHex(m.message)],
    ['approval', goHex(m.approval)],
    ['approvalSig', goHex(m.approvalSig)],
    ['user', goHex(m.user)],
    ['timestamp', goInteger(m.timestamp)],
    ['signature', omitEmpty(m.signature)],
  ]);
}

export function encodePromptRequest(m: PromptRequest): string {
  return goObject([
    ['signature', omitEmpty(m.signature)],
    ['sessionid', goHex(m.sessionid)],
    ['message', goString(m.message)],
    ['timestamp', goInteger(m.timestamp)],
  ]);
}

export function encodePromptResult(m: PromptResult): string {
  return goObject([['message', goString(m.message)], ['signature', omitEmpty(m.signature)], ['timestamp', goInteger(m.timestamp)]]);
}

export function encodeReportRequest(m: ReportRequest): string {
  return goObject([['signature', omitEmpty(m.signature)], ['message', goString(m.message)], ['timestamp', goInteger(m.timestamp)]]);
}

export function encodeReportResult(m: ReportResult): string {
  return goObject([
    ['message', goHex(m.message)],
    ['signedReport', goHex(m.signedReport)],
    ['signature', omitEmpty(m.signature)],
    ['timestamp', goInteger(m.timestamp)],
  ]);
}

export function encodeRpcError(m: RpcErrorBody): string {
  const data: GoField[] = [['timestamp', goInteger(m.data.timestamp)], ['signature', goHex(m.data.signature)]];
  return goObject([['message', goString(m.message)], ['code', goInteger(m.code)], ['data', goObject(data)]]);
}

/** The request envelope `{"id","method","params"}`; `params` is already-encoded JSON. */
export function encodeRpcRequest(id: string, method: string, params: string): string {
  return goObject([['id', goString(id)], ['method', goString(method)], ['params', params]]);
}

/** A reply envelope: `result` stays (as null) next to an error, as Go writes a nil *RawMessage without omitempty. */
export function encodeRpcResponse(id: string, reply: { result: string } | { error: string }): string {
  if ('result' in reply) return goObject([['id', goString(id)], ['result', reply.result]]);
  return goObject([['id', goString(id)], ['result', 'null'], ['error', reply.error]]);
}
