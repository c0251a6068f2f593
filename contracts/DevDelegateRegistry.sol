// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A dev-chain stand-in for the delegate.xyz v2 registry (deployed at one
/// address on every live chain): wallet-wide and per-contract delegations, with the
/// same function signatures, so the marketplace and Hearth's client call it unchanged.
/// A delegation with empty rights grants every right; otherwise the rights must match.
contract DevDelegateRegistry {
    /// from => to => contract (address(0): every contract) => rights => enabled
    mapping(address => mapping(address => mapping(address => mapping(bytes32 => bool)))) private delegations;

    event DelegateAll(address indexed from, address indexed to, bytes32 rights, bool enable);
    event DelegateContract(address indexed from, address indexed to, address indexed contract_, bytes32 rights, bool enable);

    function delegateAll(address to, bytes32 rights, bool enable) external payable returns (bytes32) {
        delegations[msg.sender][to][address(0)][rights] = enable;
        emit DelegateAll(msg.sender, to, rights, enable);
        return keccak256(abi.encode(msg.sender, to, address(0), rights));
    }

    function delegateContract(address to, address contract_, bytes32 rights, bool enable) external payable returns (bytes32) {
        delegations[msg.sender][to][contract_][rights] = enable;
        emit DelegateContract(msg.sender, to, contract_, rights, enable);
        return keccak256(abi.encode(msg.sender, to, contract_, rights));
    }

    function checkDelegateForAll(address to, address from, bytes32 rights) public view returns (bool) {
        return _granted(from, to, address(0), rights);
    }

    function checkDelegateForContract(address to, address from, address contract_, bytes32 rights) external view returns (bool) {
        return checkDelegateForAll(to, from, rights) || _granted(from, to, contract_, rights);
    }

    function _granted(address from, address to, address contract_, bytes32 rights) private view returns (bool) {
        mapping(bytes32 => bool) storage granted = delegations[from][to][contract_];
        return granted[bytes32(0)] || (rights != bytes32(0) && granted[rights]);
    }
}
