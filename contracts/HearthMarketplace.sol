// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Registries} from "./marketplace/Registries.sol";
import {Sessions} from "./marketplace/Sessions.sol";

/// @notice Hearth's stand-in for the Morpheus marketplace Diamond on a dev chain:
/// one plain contract with the live facets' signatures for everything Hearth's
/// provider and consumer use (see src/market/used-interface.ts), plus owner-only
/// settings the live chain configures differently.
contract HearthMarketplace is Sessions {
    struct Settings {
        address fundingAccount;
        uint128 maxSessionDuration;
        uint256 computePoolBalance;
        uint256 otherMorSupply;
        uint256 providerMinimumStake;
        uint256 modelMinimumStake;
        uint256 bidFee;
        uint256 bidMinPricePerSecond;
        uint256 bidMaxPricePerSecond;
    }

    constructor(IERC20 token_, Settings memory settings_) Registries(token_, msg.sender) {
        fundingAccount = settings_.fundingAccount;
        maxSessionDuration = settings_.maxSessionDuration;
        computePoolBalance = settings_.computePoolBalance;
        otherMorSupply = settings_.otherMorSupply;
        providerMinimumStake = settings_.providerMinimumStake;
        modelMinimumStake = settings_.modelMinimumStake;
        bidFee = settings_.bidFee;
        bidMinPricePerSecond = settings_.bidMinPricePerSecond;
        bidMaxPricePerSecond = settings_.bidMaxPricePerSecond;
    }

    /// @notice The simplified compute pool of the staked mode (see ComputePool).
    function setComputePool(uint256 computePoolBalance_, uint256 otherMorSupply_) external onlyOwner {
        computePoolBalance = computePoolBalance_;
        otherMorSupply = otherMorSupply_;
    }
}
