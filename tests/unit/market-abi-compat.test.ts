import fs from 'node:fs';
import path from 'node:path';
import type { Abi } from 'viem';
import { describe, expect, it } from 'vitest';
import { compileContracts } from '../../contracts/compile.ts';
import { facetAbis } from '../../src/market/abi/index.ts';
import { correctedErrorNames, usedAbi, usedErrorNames, usedEventNames, usedFunctionNames } from '../../src/market/used-interface.ts';
import { interfaceMismatches } from '../helpers/abi-compat.ts';

const ours = compileContracts().HearthMarketplace.abi;
const abiDir = path.resolve(import.meta.dirname, '../../src/market/abi');

describe('Hearth marketplace contract against the live Morpheus interface', () => {
  it('has every function, event and error Hearth uses, with the live selector, topic and struct layout', () => {
    expect(interfaceMismatches(usedAbi, ours, correctedErrorNames)).toEqual([]);
  });

  it('names every used item in the live ABI, so the chain client calls nothing the Diamond lacks', () => {
    const names = (type: string) => new Set(usedAbi.filter((item) => item.type === type).map((item) => item.name));
    expect([...names('function')].sort()).toEqual([...usedFunctionNames].sort());
    expect([...names('event')].sort()).toEqual([...usedEventNames].sort());
    expect([...names('error')].sort()).toEqual([...usedErrorNames].sort());
  });

  it('raises the corrected Session… spellings, whose selectors differ from the live bindings’ Sesssion…', () => {
    const misspelled = usedAbi.filter((item) => item.name in correctedErrorNames);
    expect(misspelled).toHaveLength(4);
    expect(interfaceMismatches(misspelled, ours)).toHaveLength(4);
  });

  it('notices a drifted signature, a reordered struct and a changed event', () => {
    const drift = (mutate: (items: Abi[number][]) => void): Abi => {
      const copy = structuredClone(ours) as Abi[number][];
      mutate(copy);
      return copy;
    };
    const find = (items: Abi[number][], name: string) => items.find((item) => 'name' in item && item.name === name) as any;

    const widerStake = drift((items) => { find(items, 'providerRegister').inputs[1].type = 'uint128'; });
    expect(interfaceMismatches(usedAbi, widerStake, correctedErrorNames)).toEqual([
      expect.stringMatching(/providerRegister.*selector differs/),
    ]);

    const swapped = drift((items) => {
      const fields = find(items, 'getSession').outputs[0].components;
      [fields[6], fields[7]] = [fields[7], fields[6]];
    });
    expect(interfaceMismatches(usedAbi, swapped, correctedErrorNames)).toEqual([
      expect.stringMatching(/getSession.*struct fields in another order/),
    ]);

    const unindexed = drift((items) => { find(items, 'SessionOpened').inputs[2].indexed = false; });
    expect(interfaceMismatches(usedAbi, unindexed, correctedErrorNames)).toEqual([
      expect.stringMatching(/SessionOpened.*indexed flags differ/),
    ]);
  });

  it('keeps the typed ABI modules identical to the copied JSON', () => {
    for (const [facet, abi] of Object.entries(facetAbis)) {
      const json = JSON.parse(fs.readFileSync(path.join(abiDir, `${facet}.json`), 'utf8')) as unknown;
      expect(abi, facet).toEqual(json);
    }
  });
});
