// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTypes} from "../../contracts/marketplace/MarketTypes.sol";

import {MarketFixture} from "./MarketFixture.sol";
import {vm} from "./Vm.sol";

/// @notice The dev marketplace takes bids within the live marketplace's limits on Base
/// (1e13 to 1e16 MOR wei per second), so a price that bids here bids there.
contract BidLimits is MarketFixture {
    function test_theLimitsAreTheLiveOnes() public view {
        (uint256 min, uint256 max) = market.getMinMaxBidPricePerSecond();
        vm.assertEq(min, 1e13, "the live minimum on Base");
        vm.assertEq(max, 1e16, "the live maximum on Base");
    }

    function test_aBidOutsideTheLimitsIsRefusedAndOneOnThemIsTaken() public {
        vm.startPrank(provider);
        vm.expectRevert(MarketTypes.MarketplaceBidPricePerSecondInvalid.selector);
        market.postModelBid(provider, modelId, 1e12);
        vm.expectRevert(MarketTypes.MarketplaceBidPricePerSecondInvalid.selector);
        market.postModelBid(provider, modelId, 1e16 + 1);
        bytes32 lowest = market.postModelBid(provider, modelId, 1e13);
        vm.assertEq(market.getBid(lowest).pricePerSecond, 1e13, "the minimum itself bids");
        bytes32 highest = market.postModelBid(provider, modelId, 1e16);
        vm.assertEq(market.getBid(highest).pricePerSecond, 1e16, "the maximum itself bids");
        vm.stopPrank();
    }
}
