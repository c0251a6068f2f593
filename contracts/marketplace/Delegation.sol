// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTypes} from "./MarketTypes.sol";

/// @notice The part of a delegate.xyz v2 registry the marketplace reads.
interface IDelegateRegistry {
    function checkDelegateForContract(address to, address from, address contract_, bytes32 rights)
        external view returns (bool);
}

/// @notice Acting for another account, as the live Delegation facet allows: a provider's
/// hot key may sign approvals and receipts and post bids for its cold wallet, a user's
/// agent may open and close sessions. Rights are granted in a delegate.xyz v2 registry
/// (the same address on every chain), for this contract and one of the rules below.
abstract contract Delegation is MarketTypes {
    bytes32 public constant DELEGATION_RULES_PROVIDER = keccak256("delegation.rules.provider");
    bytes32 public constant DELEGATION_RULES_MODEL = keccak256("delegation.rules.model");
    bytes32 public constant DELEGATION_RULES_MARKETPLACE = keccak256("delegation.rules.marketplace");
    bytes32 public constant DELEGATION_RULES_SESSION = keccak256("delegation.rules.session");

    address private delegationRegistry;

    event DelegationRegistryUpdated(address registry);

    /// @dev msg.sender is the account itself, or holds `rights_` from it.
    modifier actingFor(address account_, bytes32 rights_) {
        _checkActingFor(account_, rights_);
        _;
    }

    function getRegistry() external view returns (address) {
        return delegationRegistry;
    }

    /// @dev Without a registry nothing is delegated: every call comes from the account itself.
    function isRightsDelegated(address delegatee_, address delegator_, bytes32 rights_) public view returns (bool) {
        if (delegationRegistry == address(0)) return false;
        return IDelegateRegistry(delegationRegistry).checkDelegateForContract(delegatee_, delegator_, address(this), rights_);
    }

    function _setRegistry(address registry_) internal {
        delegationRegistry = registry_;
        emit DelegationRegistryUpdated(registry_);
    }

    function _checkActingFor(address account_, bytes32 rights_) internal view {
        if (msg.sender != account_ && !isRightsDelegated(msg.sender, account_, rights_)) {
            revert InsufficientRightsForOperation(account_, msg.sender);
        }
    }
}
