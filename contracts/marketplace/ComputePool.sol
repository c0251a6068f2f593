// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Registries} from "./Registries.sol";

/// @notice The staked mode's money views with the live signatures. On the live
/// chain the compute balance and MOR supply follow the L1 emission schedule; on
/// a dev chain both are plain numbers the owner sets (setComputePool), and what
/// providers have claimed moves from the one to the other as on the live chain.
abstract contract ComputePool is Registries {
    address internal fundingAccount;
    uint256 internal computePoolBalance;
    uint256 internal otherMorSupply;
    uint256 internal providersTotalClaimed;

    /// @notice Today's budget is 1% of the compute balance.
    function getTodaysBudget(uint128 timestamp_) external view returns (uint256) {
        return getComputeBalance(timestamp_) / 100;
    }

    function getComputeBalance(uint128) public view returns (uint256) {
        return computePoolBalance > providersTotalClaimed ? computePoolBalance - providersTotalClaimed : 0;
    }

    function totalMORSupply(uint128) public view returns (uint256) {
        return otherMorSupply + providersTotalClaimed;
    }

    /// @notice The user's share of the MOR supply, applied to today's compute budget.
    function stakeToStipend(uint256 amount_, uint128 timestamp_) public view returns (uint256) {
        uint256 supply_ = totalMORSupply(timestamp_);
        if (supply_ == 0) return 0;
        return (amount_ * getComputeBalance(timestamp_)) / (supply_ * 100);
    }

    function stipendToStake(uint256 stipend_, uint128 timestamp_) public view returns (uint256) {
        uint256 balance_ = getComputeBalance(timestamp_);
        if (balance_ == 0) return 0;
        return (stipend_ * totalMORSupply(timestamp_) * 100) / balance_;
    }

    function startOfTheDay(uint128 timestamp_) public pure returns (uint128) {
        return timestamp_ - (timestamp_ % 1 days);
    }

    function getFundingAccount() external view returns (address) {
        return fundingAccount;
    }

    function getProvidersTotalClaimed() external view returns (uint256) {
        return providersTotalClaimed;
    }
}
