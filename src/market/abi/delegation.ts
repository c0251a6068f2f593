// The live Delegation facet ABI: the same data as Delegation.json (see README.md), `as const` so viem types the calls.
export const delegationAbi = [
  {inputs: [{internalType: 'address', name: 'delegator', type: 'address'}, {internalType: 'address', name: 'delegatee', type: 'address'}], name: 'InsufficientRightsForOperation', type: 'error'},
  {inputs: [{internalType: 'address', name: 'account_', type: 'address'}], name: 'OwnableUnauthorizedAccount', type: 'error'},
  {anonymous: false, inputs: [{indexed: false, internalType: 'address', name: 'registry', type: 'address'}], name: 'DelegationRegistryUpdated', type: 'event'},
  {anonymous: false, inputs: [{indexed: false, internalType: 'bytes32', name: 'storageSlot', type: 'bytes32'}], name: 'Initialized', type: 'event'},
  {inputs: [], name: 'DELEGATION_RULES_MARKETPLACE', outputs: [{internalType: 'bytes32', name: '', type: 'bytes32'}], stateMutability: 'view', type: 'function'},
  {inputs: [], name: 'DELEGATION_RULES_MODEL', outputs: [{internalType: 'bytes32', name: '', type: 'bytes32'}], stateMutability: 'view', type: 'function'},
  {inputs: [], name: 'DELEGATION_RULES_PROVIDER', outputs: [{internalType: 'bytes32', name: '', type: 'bytes32'}], stateMutability: 'view', type: 'function'},
  {inputs: [], name: 'DELEGATION_RULES_SESSION', outputs: [{internalType: 'bytes32', name: '', type: 'bytes32'}], stateMutability: 'view', type: 'function'},
  {inputs: [], name: 'DELEGATION_STORAGE_SLOT', outputs: [{internalType: 'bytes32', name: '', type: 'bytes32'}], stateMutability: 'view', type: 'function'},
  {inputs: [], name: 'DIAMOND_OWNABLE_STORAGE_SLOT', outputs: [{internalType: 'bytes32', name: '', type: 'bytes32'}], stateMutability: 'view', type: 'function'},
  {inputs: [{internalType: 'address', name: 'registry_', type: 'address'}], name: '__Delegation_init', outputs: [], stateMutability: 'nonpayable', type: 'function'},
  {inputs: [], name: 'getRegistry', outputs: [{internalType: 'address', name: '', type: 'address'}], stateMutability: 'view', type: 'function'},
  {inputs: [{internalType: 'address', name: 'delegatee_', type: 'address'}, {internalType: 'address', name: 'delegator_', type: 'address'}, {internalType: 'bytes32', name: 'rights_', type: 'bytes32'}], name: 'isRightsDelegated', outputs: [{internalType: 'bool', name: '', type: 'bool'}], stateMutability: 'view', type: 'function'},
  {inputs: [], name: 'owner', outputs: [{internalType: 'address', name: '', type: 'address'}], stateMutability: 'view', type: 'function'},
  {inputs: [{internalType: 'address', name: 'registry_', type: 'address'}], name: 'setRegistry', outputs: [], stateMutability: 'nonpayable', type: 'function'},
] as const;
