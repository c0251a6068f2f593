// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MarketTypes} from "../../contracts/marketplace/MarketTypes.sol";

import {MarketFixture} from "./MarketFixture.sol";
import {vm} from "./Vm.sol";

/// @notice openSession accepts a provider's approval only for this chain, within ten
/// minutes, signed by the bid's provider, and only once (for whichever user: the live
/// contract does not check the approval's user); a refusal takes no MOR.
contract SessionApproval is MarketFixture {
    /// @dev Submits `approval` signed by `signerKey` as the user and expects `error`; the user keeps their MOR.
    function _expectRefusal(bytes memory approval, uint256 signerKey, bytes4 error) internal {
        bytes memory signature = _sign(signerKey, approval);
        uint256 before = mor.balanceOf(user);
        vm.prank(user);
        vm.expectRevert(error);
        market.openSession(user, SESSION_STAKE, true, approval, signature);
        vm.assertEq(mor.balanceOf(user), before, "a refused approval takes no MOR");
    }

    function test_validApprovalOpensASessionOnTheStake() public {
        bytes memory approval = _approval();
        uint256 before = mor.balanceOf(user);
        bytes32 sessionId = _open(SESSION_STAKE, true);

        MarketTypes.Session memory session = _session(sessionId);
        vm.assertEq(session.user, user, "session user");
        vm.assertEq(session.bidId, bidId, "session bid");
        vm.assertEq(session.stake, SESSION_STAKE, "session stake");
        vm.assertEq(session.openedAt, block.timestamp, "opened now");
        // Direct payment at dev settings: the stake buys stake / price seconds.
        vm.assertEq(session.endsAt - session.openedAt, _stakeToStipend(SESSION_STAKE, 0) / PRICE_PER_SECOND, "duration");
        vm.assertEq(session.endsAt - session.openedAt, 10_000, "1 MOR at 0.0001 MOR/s");
        vm.assertTrue(session.isActive && session.isDirectPaymentFromUser, "active, direct payment");
        vm.assertEq(mor.balanceOf(user), before - SESSION_STAKE, "the stake leaves the user");
        vm.assertTrue(market.getIsProviderApprovalUsed(approval), "the approval is spent");
    }

    function test_approvalExpiresAfterTenMinutes() public {
        _expectRefusal(_approval(bidId, CHAIN_ID, user, block.timestamp - SIGNATURE_TTL - 1), PROVIDER_KEY, MarketTypes.SessionApproveExpired.selector);

        // Exactly ten minutes old is still good.
        bytes memory approval = _approval(bidId, CHAIN_ID, user, block.timestamp - SIGNATURE_TTL);
        bytes memory signature = _sign(PROVIDER_KEY, approval);
        vm.prank(user);
        bytes32 sessionId = market.openSession(user, SESSION_STAKE, true, approval, signature);
        vm.assertEq(_session(sessionId).stake, SESSION_STAKE, "opened with a ten-minute-old approval");
    }

    function test_approvalForAnotherChainIsRefused() public {
        _expectRefusal(_approval(bidId, 8453, user, block.timestamp), PROVIDER_KEY, MarketTypes.SessionApprovedForAnotherChainId.selector);
    }

    function test_approvalIsCheckedAgainstTheChainItIsUsedOn() public {
        bytes memory approvalForHere = _approval();
        vm.chainId(8453);
        _expectRefusal(approvalForHere, PROVIDER_KEY, MarketTypes.SessionApprovedForAnotherChainId.selector);

        bytes memory approvalForBase = _approval(bidId, 8453, user, block.timestamp);
        bytes memory signature = _sign(PROVIDER_KEY, approvalForBase);
        vm.prank(user);
        bytes32 sessionId = market.openSession(user, SESSION_STAKE, true, approvalForBase, signature);
        vm.assertTrue(_session(sessionId).isActive, "an approval for this chain opens a session");
    }

    function test_replayedApprovalIsRefused() public {
        bytes memory approval = _approval();
        bytes memory signature = _sign(PROVIDER_KEY, approval);
        vm.prank(user);
        market.openSession(user, SESSION_STAKE, true, approval, signature);
        uint256 afterFirst = mor.balanceOf(user);

        vm.prank(user);
        vm.expectRevert(MarketTypes.SessionDuplicateApproval.selector);
        market.openSession(user, SESSION_STAKE, true, approval, signature);
        vm.assertEq(mor.balanceOf(user), afterFirst, "the replay takes no MOR");
        (, uint256 sessions) = market.getUserSessions(user, 0, 10);
        vm.assertEq(sessions, 1, "one session from one approval");
    }

    function test_approvalSignedBySomeoneElseIsRefused() public {
        _expectRefusal(_approval(), OTHER_USER_KEY, MarketTypes.SessionProviderSignatureMismatch.selector);
        _expectRefusal(_approval(), USER_KEY, MarketTypes.SessionProviderSignatureMismatch.selector);
    }

    function test_unreadableSignatureIsRefused() public {
        bytes memory approval = _approval();
        vm.prank(user);
        vm.expectRevert(MarketTypes.SessionProviderSignatureMismatch.selector);
        market.openSession(user, SESSION_STAKE, true, approval, new bytes(65));
    }

    /// @dev As deployed: the approval's user field is not checked, so the provider must not rely on it.
    function test_approvalForAnotherUserStillOpensTheSessionForTheCaller() public {
        bytes memory approval = _approval(bidId, CHAIN_ID, otherUser, block.timestamp);
        bytes memory signature = _sign(PROVIDER_KEY, approval);
        vm.prank(user);
        bytes32 sessionId = market.openSession(user, SESSION_STAKE, true, approval, signature);
        vm.assertEq(_session(sessionId).user, user, "the session is the caller's");
        vm.assertTrue(market.getIsProviderApprovalUsed(approval), "the approval is spent");
    }

    function test_nobodyOpensASessionInSomeoneElsesName() public {
        bytes memory approval = _approval();
        bytes memory signature = _sign(PROVIDER_KEY, approval);
        vm.prank(otherUser);
        vm.expectRevert(abi.encodeWithSelector(MarketTypes.InsufficientRightsForOperation.selector, user, otherUser));
        market.openSession(user, SESSION_STAKE, true, approval, signature);
    }

    function test_approvalForADeletedBidIsRefused() public {
        vm.prank(provider);
        market.deleteModelBid(bidId);
        _expectRefusal(_approval(), PROVIDER_KEY, MarketTypes.SessionBidNotFound.selector);
    }

    function test_sessionShorterThanFiveMinutesIsRefused() public {
        bytes memory approval = _approval();
        bytes memory signature = _sign(PROVIDER_KEY, approval);
        vm.prank(user);
        vm.expectRevert(MarketTypes.SessionTooShort.selector);
        market.openSession(user, 299 * PRICE_PER_SECOND, true, approval, signature);

        vm.prank(user);
        bytes32 sessionId = market.openSession(user, 300 * PRICE_PER_SECOND, true, approval, signature);
        vm.assertEq(_session(sessionId).endsAt - _session(sessionId).openedAt, 300, "five minutes is enough");
    }

    function test_directPaymentMustCoverTheWholeSession() public {
        // A richer compute pool makes the stipend twice the stake: staked mode buys twice the time,
        // which a direct payment of the same stake cannot pay for.
        market.setComputePool(2 * COMPUTE_POOL_BALANCE, OTHER_MOR_SUPPLY);
        bytes memory approval = _approval();
        bytes memory signature = _sign(PROVIDER_KEY, approval);
        vm.prank(user);
        vm.expectRevert(MarketTypes.SessionStakeTooLow.selector);
        market.openSession(user, SESSION_STAKE, true, approval, signature);

        vm.prank(user);
        bytes32 sessionId = market.openSession(user, SESSION_STAKE, false, approval, signature);
        vm.assertEq(_session(sessionId).endsAt - _session(sessionId).openedAt, 20_000, "staked mode: twice the time");
    }
}
