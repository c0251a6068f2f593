// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTypes} from "../../contracts/marketplace/MarketTypes.sol";

import {MarketFixture} from "./MarketFixture.sol";
import {vm} from "./Vm.sol";

/// @notice closeSession takes a receipt for this chain, at most ten minutes old, from the
/// session's user; closing early holds the stake that paid for today's use until the next
/// UTC day; a receipt the provider did not sign is a dispute.
contract SessionClose is MarketFixture {
    function _expectCloseRefused(bytes32 sessionId, bytes memory receipt, bytes memory error) internal {
        bytes memory signature = _sign(PROVIDER_KEY, receipt);
        vm.prank(user);
        vm.expectRevert(error);
        market.closeSession(receipt, signature);
        vm.assertTrue(_session(sessionId).isActive, "a refused receipt leaves the session open");
    }

    /// Opens a session at 23:00 on day one and closes it with a receipt signed by `closerKey`
    /// at 00:30 the next day: one hour of use before UTC midnight, half an hour after.
    function _sessionAcrossMidnight(uint256 closerKey) internal returns (bytes32 sessionId) {
        vm.warp(DAY_ONE + 23 hours);
        sessionId = _open(SESSION_STAKE, true);
        vm.warp(DAY_ONE + 1 days + 30 minutes);
        _close(sessionId, closerKey);
    }

    function test_earlyCloseHoldsTodaysUseUntilTheNextUtcDay() public {
        uint256 userBefore = mor.balanceOf(user);
        uint256 providerBefore = mor.balanceOf(provider);
        bytes32 sessionId = _open(SESSION_STAKE, true);
        vm.warp(block.timestamp + 30 minutes);
        _close(sessionId, PROVIDER_KEY);

        uint256 earned = 30 minutes * PRICE_PER_SECOND;
        uint256 held = _stipendToStake(earned, 0);
        vm.assertEq(held, earned, "at dev settings the hold equals today's use");
        vm.assertEq(mor.balanceOf(provider), providerBefore + earned, "the provider is paid at close");
        vm.assertEq(mor.balanceOf(user), userBefore - earned - held, "the rest comes back at once");
        (uint256 available, uint256 hold) = _held(user);
        vm.assertEq(hold, held, "held");
        vm.assertEq(available, 0, "nothing available yet");

        vm.prank(user);
        vm.expectRevert(MarketTypes.SessionUserAmountToWithdrawIsZero.selector);
        market.withdrawUserStakes(user, 20);

        uint256 midnight = _nextDay(block.timestamp);
        vm.warp(midnight - 1);
        (available, hold) = _held(user);
        vm.assertEq(hold, held, "still held one second before midnight");
        vm.prank(user);
        vm.expectRevert(MarketTypes.SessionUserAmountToWithdrawIsZero.selector);
        market.withdrawUserStakes(user, 20);

        vm.warp(midnight);
        (available, hold) = _held(user);
        vm.assertEq(available, held, "available at midnight UTC");
        vm.assertEq(hold, 0, "no longer held");
        vm.expectEmit(true, false, false, true, address(market));
        emit MarketTypes.UserWithdrawn(user, held);
        vm.prank(user);
        market.withdrawUserStakes(user, 20);
        vm.assertEq(mor.balanceOf(user), userBefore - earned, "the user paid only what was used");

        (available, hold) = _held(user);
        vm.assertEq(available + hold, 0, "nothing left on hold");
        vm.prank(user);
        vm.expectRevert(MarketTypes.SessionUserAmountToWithdrawIsZero.selector);
        market.withdrawUserStakes(user, 20);
    }

    function test_heldStakesAreAllCountedAndWithdrawnAFewAtATime() public {
        // The clock is kept here: under via-IR, block.timestamp may be read once per test, whatever vm.warp did since.
        uint256 now_ = block.timestamp;
        for (uint256 i = 0; i < 3; i++) {
            bytes memory approval = _approval(bidId, CHAIN_ID, user, now_);
            bytes memory approvalSignature = _sign(PROVIDER_KEY, approval);
            vm.prank(user);
            bytes32 sessionId = market.openSession(user, SESSION_STAKE, true, approval, approvalSignature);
            vm.warp(now_ += 10 minutes);
            bytes memory receipt = _receipt(sessionId, CHAIN_ID, now_);
            bytes memory receiptSignature = _sign(PROVIDER_KEY, receipt);
            vm.prank(user);
            market.closeSession(receipt, receiptSignature);
        }
        // As deployed, the view counts every entry whatever `iterations` says; only a withdrawal is bounded by it.
        (uint256 available, uint256 held) = market.getUserStakesOnHold(user, 1);
        vm.assertEq(available, 0, "nothing available today");
        vm.assertGt(held, 3 * _stipendToStake(10 minutes * PRICE_PER_SECOND, 0) - 3, "all three are counted");
        vm.warp(_nextDay(now_));
        (uint256 availableNextDay, uint256 heldNextDay) = market.getUserStakesOnHold(user, 1);
        vm.assertEq(availableNextDay, held, "all three are available the next day");
        vm.assertEq(heldNextDay, 0, "none held");

        uint256 before = mor.balanceOf(user);
        vm.prank(user);
        market.withdrawUserStakes(user, 1);
        uint256 first = mor.balanceOf(user) - before;
        vm.assertGt(first, 0, "one entry");
        vm.assertGt(held - first, first, "one entry per iteration: more than one is left");
        (available, ) = market.getUserStakesOnHold(user, 1);
        vm.assertEq(available, held - first, "what is left");

        vm.prank(user);
        market.withdrawUserStakes(user, 2);
        vm.assertEq(mor.balanceOf(user), before + held, "the rest");
    }

    function test_earlyCloseAfterMidnightHoldsOnlyTodaysPart() public {
        uint256 userBefore = mor.balanceOf(user);
        bytes32 sessionId = _sessionAcrossMidnight(PROVIDER_KEY);

        uint256 earned = 90 minutes * PRICE_PER_SECOND;
        uint256 heldToday = _stipendToStake(30 minutes * PRICE_PER_SECOND, 0);
        (, uint256 hold) = _held(user);
        vm.assertEq(hold, heldToday, "only the use since midnight is held");
        vm.assertEq(mor.balanceOf(user), userBefore - earned - heldToday, "the rest comes back at once");

        vm.warp(DAY_ONE + 2 days);
        vm.prank(user);
        market.withdrawUserStakes(user, 20);
        vm.assertEq(mor.balanceOf(user), userBefore - earned, "released the next midnight");
    }

    function test_earlyCloseInStakedModeHoldsTheStakeOfTodaysStipend() public {
        uint256 userBefore = mor.balanceOf(user);
        uint256 fundingBefore = mor.balanceOf(address(this));
        bytes32 sessionId = _open(SESSION_STAKE, false);
        vm.warp(block.timestamp + 30 minutes);
        _close(sessionId, PROVIDER_KEY);

        uint256 earned = 30 minutes * PRICE_PER_SECOND;
        uint256 held = _stipendToStake(earned, 0);
        (, uint256 hold) = _held(user);
        vm.assertEq(hold, held, "held");
        vm.assertEq(mor.balanceOf(user), userBefore - held, "the stake comes back less the hold");
        vm.assertEq(mor.balanceOf(address(this)), fundingBefore - earned, "the funding account paid the provider");
    }

    function test_closeAfterTheEndRefundsTheRestAtOnce() public {
        uint256 userBefore = mor.balanceOf(user);
        // Ten MOR would buy 100,000 s; sessions last at most a day.
        bytes32 sessionId = _open(10 ether, true);
        vm.assertEq(_session(sessionId).endsAt - _session(sessionId).openedAt, MAX_SESSION_DURATION, "capped at a day");
        vm.warp(_session(sessionId).endsAt + 100);
        _close(sessionId, PROVIDER_KEY);

        uint256 earned = uint256(MAX_SESSION_DURATION) * PRICE_PER_SECOND;
        (uint256 available, uint256 hold) = _held(user);
        vm.assertEq(available + hold, 0, "nothing held after the end");
        vm.assertEq(mor.balanceOf(user), userBefore - earned, "the unused stake comes back at once");
    }

    function test_receiptForAnotherChainIsRefused() public {
        bytes32 sessionId = _open(SESSION_STAKE, true);
        bytes memory receipt = _receipt(sessionId, 8453, block.timestamp);
        _expectCloseRefused(sessionId, receipt, abi.encodeWithSelector(MarketTypes.SessionReceiptForAnotherChainId.selector));
    }

    function test_receiptExpiresAfterTenMinutes() public {
        bytes32 sessionId = _open(SESSION_STAKE, true);
        vm.warp(block.timestamp + 1 hours);
        bytes memory stale = _receipt(sessionId, CHAIN_ID, block.timestamp - SIGNATURE_TTL - 1);
        _expectCloseRefused(sessionId, stale, abi.encodeWithSelector(MarketTypes.SessionReceiptExpired.selector));

        bytes memory receipt = _receipt(sessionId, CHAIN_ID, block.timestamp - SIGNATURE_TTL);
        bytes memory signature = _sign(PROVIDER_KEY, receipt);
        vm.prank(user);
        market.closeSession(receipt, signature);
        vm.assertFalse(_session(sessionId).isActive, "a ten-minute-old receipt closes");
    }

    function test_onlyTheSessionsUserCloses() public {
        bytes32 sessionId = _open(SESSION_STAKE, true);
        bytes memory receipt = _receipt(sessionId);
        bytes memory signature = _sign(PROVIDER_KEY, receipt);
        vm.prank(otherUser);
        vm.expectRevert(abi.encodeWithSelector(MarketTypes.InsufficientRightsForOperation.selector, user, otherUser));
        market.closeSession(receipt, signature);
        vm.assertTrue(_session(sessionId).isActive, "still open");
    }

    function test_closingTwiceIsRefused() public {
        bytes32 sessionId = _open(SESSION_STAKE, true);
        vm.warp(block.timestamp + 10 minutes);
        _close(sessionId, PROVIDER_KEY);
        uint256 userAfter = mor.balanceOf(user);

        bytes memory receipt = _receipt(sessionId);
        bytes memory signature = _sign(PROVIDER_KEY, receipt);
        vm.prank(user);
        vm.expectRevert(MarketTypes.SessionAlreadyClosed.selector);
        market.closeSession(receipt, signature);
        vm.assertEq(mor.balanceOf(user), userAfter, "no second refund");
    }

    function test_providerReceiptRecordsTheSessionAndItsStats() public {
        bytes32 sessionId = _open(SESSION_STAKE, true);
        vm.warp(block.timestamp + 30 minutes);
        bytes memory receipt = _receipt(sessionId);
        _close(sessionId, PROVIDER_KEY);

        MarketTypes.Session memory session = _session(sessionId);
        vm.assertFalse(session.isActive, "closed");
        vm.assertEq(session.closedAt, block.timestamp, "closed now");
        vm.assertEq(session.closeoutType, 0, "agreed close");
        vm.assertEq(session.closeoutReceipt, receipt, "the receipt is kept");
        MarketTypes.ProviderModelStats memory stats = market.getProviderModelStats(modelId, provider);
        vm.assertEq(uint256(uint64(stats.tpsScaled1000.mean)), 250_000, "tps mean");
        vm.assertEq(uint256(uint64(stats.ttftMs.mean)), 120, "ttft mean");
        vm.assertEq(stats.totalDuration, 30 minutes, "duration");
        vm.assertEq(stats.successCount, 1, "successes");
        vm.assertEq(stats.totalCount, 1, "sessions");
    }

    function test_userSignedReceiptIsADisputeThatHoldsTheProvidersPayUntilTheNextDay() public {
        uint256 providerBefore = mor.balanceOf(provider);
        bytes32 sessionId = _open(SESSION_STAKE, true);
        vm.warp(block.timestamp + 10 minutes);
        _close(sessionId, USER_KEY);

        MarketTypes.Session memory session = _session(sessionId);
        vm.assertEq(session.closeoutType, 1, "a dispute");
        vm.assertEq(session.providerWithdrawnAmount, 0, "the provider is not paid today");
        vm.assertEq(mor.balanceOf(provider), providerBefore, "no MOR to the provider today");
        MarketTypes.ProviderModelStats memory stats = market.getProviderModelStats(modelId, provider);
        vm.assertEq(stats.successCount, 0, "a dispute is no success");
        vm.assertEq(stats.totalCount, 1, "but it counts as a session");

        _claim(sessionId);
        vm.assertEq(mor.balanceOf(provider), providerBefore, "a claim the same day pays nothing");

        vm.warp(_nextDay(block.timestamp));
        _claim(sessionId);
        vm.assertEq(mor.balanceOf(provider), providerBefore + 10 minutes * PRICE_PER_SECOND, "paid the next day");
    }

    function test_disputeAfterMidnightPaysYesterdaysPartAtOnce() public {
        uint256 providerBefore = mor.balanceOf(provider);
        bytes32 sessionId = _sessionAcrossMidnight(USER_KEY);
        vm.assertEq(mor.balanceOf(provider), providerBefore + 1 hours * PRICE_PER_SECOND, "yesterday's hour is paid at close");

        vm.warp(DAY_ONE + 2 days);
        _claim(sessionId);
        vm.assertEq(mor.balanceOf(provider), providerBefore + 90 minutes * PRICE_PER_SECOND, "today's half hour the next day");
    }
}
