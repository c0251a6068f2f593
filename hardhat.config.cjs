// Hardhat serves Hearth's local dev chain only (`npm run chain`, the market tests):
// the in-process network, chain id 31337, with Hardhat's public test accounts.
// Contracts are compiled by contracts/compile.ts (solc-js), not by Hardhat.
module.exports = {
  networks: {
    hardhat: { chainId: 31337 },
  },
};
