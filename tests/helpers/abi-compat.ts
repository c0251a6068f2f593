import { toEventSelector, toFunctionSelector, type Abi, type AbiParameter } from 'viem';
import { formatAbiItem } from 'viem/utils';

type Item = Abi[number];
type Named = Extract<Item, { name: string }>;

/** A parameter list as its full shape: types, and for structs each field's name and shape, in order. */
function shape(params: readonly AbiParameter[]): string {
  return params
    .map((param) => {
      const components = 'components' in param ? `{${shape(param.components)}}` : '';
      return `${param.type}${components}`;
    })
    .join(',');
}

/** As `shape`, with struct field names: two fields of one type swapped change only this. */
function fieldShape(params: readonly AbiParameter[], inStruct = false): string {
  return params
    .map((param) => {
      const components = 'components' in param ? `{${fieldShape(param.components, true)}}` : '';
      return `${inStruct ? `${param.name ?? ''}:` : ''}${param.type}${components}`;
    })
    .join(',');
}

function selector(item: Named): string {
  if (item.type === 'event') return toEventSelector(formatAbiItem(item));
  return toFunctionSelector(formatAbiItem(item));
}

function reads(item: Named): boolean {
  return item.type === 'function' && (item.stateMutability === 'view' || item.stateMutability === 'pure');
}

/**
 * Every way `ours` differs from the live items it must match: a missing item,
 * another selector or topic, other indexed flags, struct fields in another
 * order, a view that became a transaction. `renamed` maps a live name to the
 * name ours uses (the corrected `Session…` error spellings).
 */
export function interfaceMismatches(live: readonly Item[], ours: Abi, renamed: Record<string, string> = {}): string[] {
  const problems: string[] = [];
  for (const wanted of live) {
    if (!('name' in wanted)) continue;
    const name = renamed[wanted.name] ?? wanted.name;
    const candidates = ours.filter((item): item is Named => item.type === wanted.type && 'name' in item && item.name === name);
    const expected = { ...wanted, name } as Named;
    const match = candidates.find((item) => selector(item) === selector(expected));
    const label = `${wanted.type} ${formatAbiItem(wanted)}`;
    if (!match) {
      problems.push(candidates.length === 0 ? `${label}: missing` : `${label}: selector differs (ours: ${candidates.map((c) => formatAbiItem(c)).join(' / ')})`);
      continue;
    }
    if (match.type === 'function' && expected.type === 'function') {
      if (fieldShape(match.outputs) !== fieldShape(expected.outputs) && shape(match.outputs) === shape(expected.outputs)) {
        problems.push(`${label}: struct fields in another order (ours: ${fieldShape(match.outputs)})`);
      } else if (shape(match.outputs) !== shape(expected.outputs)) {
        problems.push(`${label}: returns ${shape(match.outputs)}, live returns ${shape(expected.outputs)}`);
      }
      if (reads(match) !== reads(expected)) problems.push(`${label}: ours is ${match.stateMutability}, live is ${expected.stateMutability}`);
    }
    if (match.type === 'event' && expected.type === 'event') {
      const flags = (event: typeof match) => event.inputs.map((input) => (input.indexed ? 'indexed' : '-')).join(',');
      if (flags(match) !== flags(expected)) problems.push(`${label}: indexed flags differ (ours: ${flags(match)})`);
    }
  }
  return problems;
}
