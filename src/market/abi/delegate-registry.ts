// The part of the delegate.xyz v2 registry Hearth calls: the registry the marketplace reads
// (its getRegistry()) to check a delegation. Written by hand from the registry's published
// interface; contracts/DevDelegateRegistry.sol has the same signatures on the dev chain.
import { parseAbi } from 'viem';

export const delegateRegistryAbi = parseAbi([
  'function delegateContract(address to, address contract_, bytes32 rights, bool enable) payable returns (bytes32)',
]);
