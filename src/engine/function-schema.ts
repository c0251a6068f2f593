/**
 * Tools declare their parameters in JSON Schema, freely. node-llama-cpp
 * makes its function-call grammar from a subset of it and misreads the rest
 * without a word: a `format` it does not know allows only an empty string,
 * `anyOf` and `allOf` are not read, and every declared property must be
 * written. `toFunctionParamsSchema` keeps what it reads (types, properties,
 * required, enum, const, items, description) and rewrites the rest into it;
 * as OpenAI's strict function schemas do, an optional property may be null,
 * which `toToolArguments` turns back into a property left out; and
 * `paramsProblem` names what the model wrote that cannot be passed on.
 */
import type { GbnfJsonSchema } from 'node-llama-cpp';

type Declared = Record<string, unknown>;
type Converted = Record<string, unknown>;

const basicTypes = new Set(['string', 'number', 'integer', 'boolean', 'null']);
/** The string formats node-llama-cpp has a grammar for. */
const stringFormats = new Set(['date', 'time', 'date-time']);

/** Any JSON value: what a schema allows when the grammar cannot say more. */
const anyJson: Converted = { oneOf: [{ type: ['string', 'number', 'boolean', 'null'] }, { type: 'object', additionalProperties: true }, { type: 'array' }] };

/** A tool's declared parameter schema as node-llama-cpp's function `params`. */
export function toFunctionParamsSchema(declared: unknown): GbnfJsonSchema {
  return convert(declared) as GbnfJsonSchema;
}

/**
 * The arguments to send the tool from the parameters the model wrote:
 * optional properties the model set to null, where the tool's schema does
 * not allow null, are left out.
 */
export function toToolArguments(declared: unknown, params: unknown): unknown {
  if (!isRecord(declared)) return params;
  const schema = mergeAllOf(declared);
  if (Array.isArray(params)) return isRecord(schema.items) ? params.map((item) => toToolArguments(schema.items, item)) : params;
  if (!isRecord(params) || !isRecord(schema.properties)) return params;
  const properties = schema.properties;
  const required = requiredOf(schema);
  const argumentsOut: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const property = properties[key];
    if (value === null && !required.includes(key) && !allowsNull(property)) continue;
    argumentsOut[key] = property === undefined ? value : toToolArguments(property, value);
  }
  return argumentsOut;
}

/**
 * Why parameters the model wrote cannot be passed on, or null when they can:
 * the grammar lets a number have any exponent, and one past JavaScript's
 * range (1e400) parses as Infinity, which JSON would carry as null.
 */
export function paramsProblem(params: unknown, path = ''): string | null {
  if (typeof params === 'number') return Number.isFinite(params) ? null : `The parameter ${path || 'value'} is a number too large to use.`;
  if (typeof params !== 'object' || params === null) return null;
  for (const [key, value] of Object.entries(params)) {
    const problem = paramsProblem(value, Array.isArray(params) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (problem) return problem;
  }
  return null;
}

function convert(declared: unknown): Converted {
  if (!isRecord(declared)) return anyJson;
  const schema = mergeAllOf(declared);
  return withDefs(schema, withDescription(schema, convertKind(schema)));
}

function convertKind(schema: Declared): Converted {
  if (typeof schema.$ref === 'string') return convertRef(schema.$ref);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives)) return { oneOf: alternatives.map(convert) };
  if ('const' in schema) return isPrimitive(schema.const) ? { const: schema.const } : anyJson;
  if (Array.isArray(schema.enum)) return schema.enum.every(isPrimitive) ? { enum: schema.enum } : anyJson;
  const type = schema.type ?? (isRecord(schema.properties) ? 'object' : 'items' in schema ? 'array' : undefined);
  if (Array.isArray(type)) return convertTypeList(schema, type);
  if (type === 'object') return convertObject(schema);
  if (type === 'array') return convertArray(schema);
  if (type === 'string') return convertString(schema);
  if (typeof type === 'string' && basicTypes.has(type)) return { type };
  return anyJson;
}

/** node-llama-cpp follows references into `$defs` only; zod-to-json-schema and others write `definitions`. */
function convertRef(ref: string): Converted {
  const match = /^#\/(?:\$defs|definitions)\/([^/]+)$/.exec(ref);
  return match ? { $ref: `#/$defs/${match[1]}` } : anyJson;
}

function convertTypeList(schema: Declared, types: unknown[]): Converted {
  const known = types.filter((type): type is string => typeof type === 'string' && (basicTypes.has(type) || type === 'object' || type === 'array'));
  if (known.length === 0) return anyJson;
  // A list of basic types is read as it is; objects and arrays need their own keywords, so each type becomes an alternative.
  if (known.every((type) => basicTypes.has(type)) && !known.includes('string')) return { type: known };
  return { oneOf: known.map((type) => convertKind({ ...schema, type })) };
}

function convertObject(schema: Declared): Converted {
  const declaredProperties = isRecord(schema.properties) ? schema.properties : {};
  const required = requiredOf(schema);
  const properties: Record<string, Converted> = {};
  for (const [key, property] of Object.entries(declaredProperties)) {
    const converted = convert(property);
    // The grammar has every property written: an optional one may be null instead.
    properties[key] = required.includes(key) || allowsNull(property) ? converted : { oneOf: [converted, { type: 'null' }], ...descriptionOf(converted) };
  }
  if (Object.keys(properties).length > 0) return { type: 'object', properties, required: required.filter((key) => key in properties) };
  // No declared properties: a map, whose values follow additionalProperties (any, unless it says otherwise).
  const additional = schema.additionalProperties;
  if (additional === false) return { type: 'object' };
  return { type: 'object', additionalProperties: isRecord(additional) ? convert(additional) : true };
}

function convertArray(schema: Declared): Converted {
  const converted: Converted = { type: 'array' };
  // Draft 4 to 7 wrote a tuple as an items list; 2020-12 calls it prefixItems.
  if (Array.isArray(schema.items)) converted.prefixItems = schema.items.map(convert);
  else if (schema.items !== undefined) converted.items = convert(schema.items);
  if (Array.isArray(schema.prefixItems)) converted.prefixItems = schema.prefixItems.map(convert);
  if (typeof schema.minItems === 'number') converted.minItems = schema.minItems;
  if (typeof schema.maxItems === 'number') converted.maxItems = schema.maxItems;
  return converted;
}

function convertString(schema: Declared): Converted {
  if (typeof schema.format === 'string' && stringFormats.has(schema.format)) return { type: 'string', format: schema.format };
  const converted: Converted = { type: 'string' };
  if (typeof schema.minLength === 'number') converted.minLength = schema.minLength;
  if (typeof schema.maxLength === 'number') converted.maxLength = schema.maxLength;
  return converted;
}

/** allOf's parts as one schema: their keywords together, properties and required lists joined. */
function mergeAllOf(schema: Declared): Declared {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  let merged: Declared = rest;
  for (const part of allOf) {
    if (!isRecord(part)) continue;
    const partSchema = mergeAllOf(part);
    merged = {
      ...merged,
      ...partSchema,
      properties: { ...(isRecord(merged.properties) ? merged.properties : {}), ...(isRecord(partSchema.properties) ? partSchema.properties : {}) },
      required: [...requiredOf(merged), ...requiredOf(partSchema)],
    };
  }
  return merged;
}

function withDefs(schema: Declared, converted: Converted): Converted {
  const defs = isRecord(schema.$defs) ? schema.$defs : isRecord(schema.definitions) ? schema.definitions : undefined;
  // Definitions can hang only on schemas that node-llama-cpp reads them from.
  if (!defs || !('type' in converted || 'oneOf' in converted || '$ref' in converted)) return converted;
  return { ...converted, $defs: Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, convert(def)])) };
}

function withDescription(schema: Declared, converted: Converted): Converted {
  return typeof schema.description === 'string' ? { ...converted, description: schema.description } : converted;
}

function descriptionOf(converted: Converted): Converted {
  return typeof converted.description === 'string' ? { description: converted.description } : {};
}

function requiredOf(schema: Declared): string[] {
  return Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : [];
}

function allowsNull(declared: unknown): boolean {
  if (!isRecord(declared)) return declared === true || declared === undefined;
  const schema = mergeAllOf(declared);
  if (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'))) return true;
  if ('const' in schema) return schema.const === null;
  if (Array.isArray(schema.enum)) return schema.enum.includes(null);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives)) return alternatives.some(allowsNull);
  return schema.type === undefined && schema.$ref === undefined && !isRecord(schema.properties) && !('items' in schema);
}

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isRecord(value: unknown): value is Declared {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
