// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTypes} from "../../contracts/marketplace/MarketTypes.sol";

import {MarketFixture} from "./MarketFixture.sol";
import {vm} from "./Vm.sol";

/// @notice A provider earns price × seconds of the session once it has ended, paid
/// once: from the user's stake in direct payment, from the compute pool's funding
/// account in staked mode; within a period it is paid at most its own stake.
contract ProviderEarnings is MarketFixture {
    uint256 internal constant SMALL_PROVIDER_KEY = 0x5A11;

    function test_directPaymentPaysPriceTimesTheSessionsLengthOnce() public {
        uint256 providerBefore = mor.balanceOf(provider);
        uint256 userBefore = mor.balanceOf(user);
        uint256 marketBefore = mor.balanceOf(address(market));
        // Ten MOR would buy 100,000 s; sessions last at most a day.
        bytes32 sessionId = _open(10 ether, true);
        uint256 earned = uint256(MAX_SESSION_DURATION) * PRICE_PER_SECOND;

        _claim(sessionId);
        vm.warp(_session(sessionId).endsAt - 1);
        _claim(sessionId);
        vm.assertEq(mor.balanceOf(provider), providerBefore, "nothing is earned before the end");

        vm.warp(_session(sessionId).endsAt + 50);
        _claim(sessionId);
        vm.assertEq(mor.balanceOf(provider), providerBefore + earned, "price x session length");
        vm.assertEq(_session(sessionId).providerWithdrawnAmount, earned, "recorded as withdrawn");
        _claim(sessionId);
        vm.assertEq(mor.balanceOf(provider), providerBefore + earned, "a second claim pays nothing");

        _close(sessionId, PROVIDER_KEY);
        vm.assertEq(mor.balanceOf(provider), providerBefore + earned, "closing pays nothing more");
        vm.assertEq(mor.balanceOf(user), userBefore - earned, "the user paid exactly the earnings");
        vm.assertEq(mor.balanceOf(address(market)), marketBefore, "the marketplace keeps nothing of the session");
    }

    /// @dev As deployed: an agreed early close pays the provider at once, and a claim on that UTC day
    /// subtracts the day's held part from nothing left to claim, an arithmetic underflow.
    function test_aClaimOnTheDayOfAnEarlyCloseRevertsWithPanic0x11UntilTheNextUtcMidnight() public {
        uint256 providerBefore = mor.balanceOf(provider);
        bytes32 sessionId = _open(SESSION_STAKE, true);
        vm.warp(block.timestamp + 30 minutes);
        _close(sessionId, PROVIDER_KEY);
        uint256 earned = 30 minutes * PRICE_PER_SECOND;
        vm.assertEq(mor.balanceOf(provider), providerBefore + earned, "paid at close");

        uint256 midnight = _nextDay(block.timestamp);
        vm.warp(midnight - 1);
        vm.prank(provider);
        vm.expectRevert(abi.encodeWithSignature("Panic(uint256)", 0x11));
        market.claimForProvider(sessionId);

        vm.warp(midnight);
        _claim(sessionId);
        vm.assertEq(mor.balanceOf(provider), providerBefore + earned, "from midnight the claim goes through, with nothing more to pay");
    }

    function test_onlyTheProviderClaims() public {
        bytes32 sessionId = _open(SESSION_STAKE, true);
        vm.warp(_session(sessionId).endsAt);
        vm.prank(otherUser);
        vm.expectRevert(abi.encodeWithSelector(MarketTypes.InsufficientRightsForOperation.selector, provider, otherUser));
        market.claimForProvider(sessionId);
    }

    function test_stakedModePaysFromTheComputePoolAndReturnsTheWholeStake() public {
        uint256 providerBefore = mor.balanceOf(provider);
        uint256 userBefore = mor.balanceOf(user);
        uint256 fundingBefore = mor.balanceOf(address(this));
        bytes32 sessionId = _open(SESSION_STAKE, false);
        uint256 duration = _stakeToStipend(SESSION_STAKE, 0) / PRICE_PER_SECOND;
        vm.assertEq(_session(sessionId).endsAt - _session(sessionId).openedAt, duration, "the stipend buys the time");

        vm.warp(_session(sessionId).endsAt + 1);
        _close(sessionId, PROVIDER_KEY);
        uint256 earned = duration * PRICE_PER_SECOND;
        vm.assertEq(mor.balanceOf(provider), providerBefore + earned, "price x session length");
        vm.assertEq(mor.balanceOf(address(this)), fundingBefore - earned, "paid by the funding account");
        vm.assertEq(mor.balanceOf(user), userBefore, "the user gets the whole stake back");

        uint128 now_ = uint128(block.timestamp);
        vm.assertEq(market.getProvidersTotalClaimed(), earned, "claims are counted");
        vm.assertEq(market.getComputeBalance(now_), COMPUTE_POOL_BALANCE - earned, "and leave the compute balance");
        vm.assertEq(market.totalMORSupply(now_), OTHER_MOR_SUPPLY + earned, "for the MOR supply");
        bytes32 next = _open(SESSION_STAKE, false);
        vm.assertEq(
            _session(next).endsAt - _session(next).openedAt,
            _stakeToStipend(SESSION_STAKE, earned) / PRICE_PER_SECOND,
            "so the same stake buys a little less"
        );
    }

    function test_theOwnersComputePoolSetsWhatAStakeBuys() public {
        vm.prank(otherUser);
        vm.expectRevert(abi.encodeWithSelector(MarketTypes.OwnableUnauthorizedAccount.selector, otherUser));
        market.setComputePool(1, 1);

        market.setComputePool(5000 ether, 1000 ether);
        uint128 now_ = uint128(block.timestamp);
        vm.assertEq(market.getTodaysBudget(now_), 50 ether, "1% of the compute balance");
        vm.assertEq(market.stakeToStipend(100 ether, now_), 5 ether, "100 x 5000 / (1000 x 100)");
        bytes32 sessionId = _open(SESSION_STAKE, false);
        vm.assertEq(_session(sessionId).endsAt - _session(sessionId).openedAt, 500, "0.05 MOR of stipend at 0.0001 MOR/s");
    }

    function test_earningsAreCappedByTheProvidersStakePerPeriod() public {
        address small = vm.addr(SMALL_PROVIDER_KEY);
        _fund(small);
        bytes32 smallBid = _registerProviderWithBid(SMALL_PROVIDER_KEY, PROVIDER_MINIMUM_STAKE, PRICE_PER_SECOND);
        uint256 before = mor.balanceOf(small);
        bytes32 sessionId = _open(smallBid, SMALL_PROVIDER_KEY, SESSION_STAKE, true);
        uint256 earned = SESSION_STAKE; // 10,000 s at 0.0001 MOR/s
        vm.warp(_session(sessionId).endsAt);

        vm.prank(small);
        market.claimForProvider(sessionId);
        vm.assertEq(mor.balanceOf(small), before + PROVIDER_MINIMUM_STAKE, "paid up to its stake");
        vm.assertEq(market.getProvider(small).limitPeriodEarned, PROVIDER_MINIMUM_STAKE, "the period's earnings");
        vm.prank(small);
        market.claimForProvider(sessionId);
        vm.assertEq(mor.balanceOf(small), before + PROVIDER_MINIMUM_STAKE, "nothing more this period");

        vm.warp(market.getProvider(small).limitPeriodEnd + 1);
        vm.prank(small);
        market.claimForProvider(sessionId);
        vm.assertEq(mor.balanceOf(small), before + 2 * PROVIDER_MINIMUM_STAKE, "the next period pays on");
        vm.assertEq(_session(sessionId).providerWithdrawnAmount, 2 * PROVIDER_MINIMUM_STAKE, "of the same earnings");
        vm.assertGt(earned, _session(sessionId).providerWithdrawnAmount, "still owed the rest");
    }

    function test_deregisteringKeepsThisPeriodsEarningsStaked() public {
        bytes32 sessionId = _open(SESSION_STAKE, true);
        vm.warp(_session(sessionId).endsAt);
        _claim(sessionId);
        uint256 earned = SESSION_STAKE;

        vm.prank(provider);
        vm.expectRevert(MarketTypes.ProviderHasActiveBids.selector);
        market.providerDeregister(provider);

        uint256 before = mor.balanceOf(provider);
        vm.startPrank(provider);
        market.deleteModelBid(bidId);
        market.providerDeregister(provider);
        vm.stopPrank();
        vm.assertEq(mor.balanceOf(provider), before + PROVIDER_STAKE - earned, "the stake less this period's earnings");
        vm.assertEq(market.getProvider(provider).stake, earned, "the earnings stay staked");
        vm.assertTrue(market.getProvider(provider).isDeleted, "deregistered");
    }
}
