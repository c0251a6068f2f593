import { describe, expect, it } from 'vitest';
import { paramsProblem, toFunctionParamsSchema, toToolArguments } from '../../src/engine/function-schema.ts';

/** Any JSON value, as the conversion writes it where node-llama-cpp's subset cannot say more. */
const anyJson = { oneOf: [{ type: ['string', 'number', 'boolean', 'null'] }, { type: 'object', additionalProperties: true }, { type: 'array' }] };

/** A tool's input schema as the MCP SDK sends it for a zod shape (zod-to-json-schema output). */
const searchTool = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    query: { type: 'string', minLength: 1, description: 'What to look for' },
    site: { type: 'string', format: 'uri' },
    limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
  },
  required: ['query'],
  additionalProperties: false,
};

describe('a tool schema made fit for the function-call grammar', () => {
  it('keeps types, properties, required and descriptions, and lets optional properties be null', () => {
    expect(toFunctionParamsSchema(searchTool)).toEqual({
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, description: 'What to look for' },
        // An unknown format would allow only an empty string: the grammar keeps a plain string.
        site: { oneOf: [{ type: 'string' }, { type: 'null' }] },
        limit: { oneOf: [{ type: 'integer' }, { type: 'null' }] },
      },
      required: ['query'],
    });
  });

  it('keeps the date formats the grammar knows, enums, consts and arrays', () => {
    const converted = toFunctionParamsSchema({
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date-time' },
        unit: { enum: ['c', 'f'], description: 'Temperature unit' },
        kind: { const: 'weather' },
        days: { type: 'array', items: { type: 'number' }, minItems: 1, maxItems: 7, uniqueItems: true },
        pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['when', 'unit', 'kind', 'days', 'pair'],
    });
    expect(converted).toEqual({
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date-time' },
        unit: { enum: ['c', 'f'], description: 'Temperature unit' },
        kind: { const: 'weather' },
        days: { type: 'array', items: { type: 'number' }, minItems: 1, maxItems: 7 },
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['when', 'unit', 'kind', 'days', 'pair'],
    });
  });

  it('reads anyOf as oneOf, joins allOf, splits type lists with objects, and points references into $defs', () => {
    const converted = toFunctionParamsSchema({
      allOf: [
        { type: 'object', properties: { id: { anyOf: [{ type: 'string' }, { type: 'number' }] } }, required: ['id'] },
        { properties: { tags: { type: ['array', 'null'], items: { type: 'string' } }, owner: { $ref: '#/definitions/person' } }, required: ['owner'] },
      ],
      definitions: { person: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    });
    expect(converted).toEqual({
      type: 'object',
      properties: {
        id: { oneOf: [{ type: 'string' }, { type: 'number' }] },
        // Null is already allowed: no wrapping.
        tags: { oneOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
        owner: { $ref: '#/$defs/person' },
      },
      required: ['id', 'owner'],
      $defs: { person: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    });
  });

  it('lets free-form objects and unknown shapes hold any JSON', () => {
    expect(toFunctionParamsSchema({ type: 'object' })).toEqual({ type: 'object', additionalProperties: true });
    expect(toFunctionParamsSchema({ type: 'object', additionalProperties: { type: 'number' } })).toEqual({ type: 'object', additionalProperties: { type: 'number' } });
    expect(toFunctionParamsSchema({ type: 'object', properties: { data: {} }, required: ['data'] })).toEqual({
      type: 'object', properties: { data: anyJson }, required: ['data'],
    });
    expect(toFunctionParamsSchema({ $ref: '#/properties/other' })).toEqual(anyJson);
    expect(toFunctionParamsSchema({ enum: [{ a: 1 }] })).toEqual(anyJson);
    expect(toFunctionParamsSchema(true)).toEqual(anyJson);
  });
});

describe('the parameters the model wrote, as the tool takes them', () => {
  it('leaves out optional parameters the model set to null, and keeps the rest', () => {
    expect(toToolArguments(searchTool, { query: 'owls', site: null, limit: 3 })).toEqual({ query: 'owls', limit: 3 });
    expect(toToolArguments(searchTool, { query: 'owls', site: null, limit: null })).toEqual({ query: 'owls' });
  });

  it('keeps null where the tool allows it, and follows nested objects and arrays', () => {
    const schema = {
      type: 'object',
      properties: {
        note: { type: ['string', 'null'] },
        items: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, colour: { type: 'string' } }, required: ['label'] } },
      },
    };
    expect(toToolArguments(schema, { note: null, items: [{ label: 'a', colour: null }, { label: 'b', colour: 'red' }] }))
      .toEqual({ note: null, items: [{ label: 'a' }, { label: 'b', colour: 'red' }] });
  });
});

describe('parameters that cannot be passed on', () => {
  it('names a number past JavaScript\'s range (the grammar allows any exponent), which JSON would turn into null', () => {
    expect(paramsProblem(JSON.parse('{"a": 2, "b": -5.911e400}'))).toBe('The parameter b is a number too large to use.');
    expect(paramsProblem(JSON.parse('{"points": [{"x": 1}, {"x": 1e999}]}'))).toBe('The parameter points[1].x is a number too large to use.');
    expect(paramsProblem({ a: 2, b: -3.9e-5, word: 'five', none: null })).toBeNull();
  });
});
