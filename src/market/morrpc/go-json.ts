/**
 * JSON text byte-identical to Go's encoding/json, as the Morpheus
 * proxy-router writes it. MOR-RPC signatures cover these exact bytes, so
 * a single differing escape makes a valid message fail verification.
 *
 * Objects are written from an ordered field list (Go writes struct fields
 * in declaration order, never sorted); values are pre-encoded with the
 * helpers below, one per Go type the messages use.
 */

const hexDigits = '0123456789abcdef';

/**
 * A Go string: `"` and `\` escaped; `\n`, `\r`, `\t`, `\b`, `\f` in short form
 * (Go ≥ 1.22, which the live proxy-router is built with); other control
 * characters and the HTML-sensitive `<`, `>`, `&` as `\u00XX`; U+2028 and
 * U+2029 as `\u2028`/`\u2029`. A lone UTF-16 surrogate (what invalid UTF-8
 * becomes in JavaScript) is written `\ufffd`, as Go writes invalid bytes.
 */
export function goString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      out += asciiEscape(unit);
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i]! + text[i + 1]!;
        i++;
      } else {
        out += '\\ufffd';
      }
      continue;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) out += '\\ufffd';
    else if (unit === 0x2028) out += '\\u2028';
    else if (unit === 0x2029) out += '\\u2029';
    else out += text[i]!;
  }
  return `${out}"`;
}

function asciiEscape(unit: number): string {
  switch (unit) {
    case 0x22: return '\\"';
    case 0x5c: return '\\\\';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x3c: case 0x3e: case 0x26: return `\\u00${hexDigits[unit >> 4]}${hexDigits[unit & 0xf]}`;
    default:
      if (unit < 0x20) return `\\u00${hexDigits[unit >> 4]}${hexDigits[unit & 0xf]}`;
      return String.fromCharCode(unit);
  }
}

/** Bytes as Go's HexString/Address/Hash write them: `"0x"` + lowercase hex (`"0x"` when empty). */
export function goHex(hex: `0x${string}`): string {
  return `"${hex.toLowerCase()}"`;
}

/** An unsigned or signed Go integer (uint64, int): plain decimal. */
export function goInteger(value: number | bigint): string {
  return BigInt(value).toString(10);
}

/** A big.Int wrapper that marshals as a quoted decimal (proxy-router lib.BigInt). */
export function goBigDecimal(value: bigint): string {
  return `"${value.toString(10)}"`;
}

/** One struct field: its json name and its already-encoded value; `undefined` drops it (omitempty). */
export type GoField = readonly [name: string, encoded: string | undefined];

/** A Go struct: fields in declaration order, no spaces. */
export function goObject(fields: readonly GoField[]): string {
  const parts: string[] = [];
  for (const [name, encoded] of fields) {
    if (encoded !== undefined) parts.push(`${goString(name)}:${encoded}`);
  }
  return `{${parts.join(',')}}`;
}
