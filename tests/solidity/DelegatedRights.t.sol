// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DevDelegateRegistry} from "../../contracts/DevDelegateRegistry.sol";
import {MarketTypes} from "../../contracts/marketplace/MarketTypes.sol";

import {MarketFixture} from "./MarketFixture.sol";
import {vm} from "./Vm.sol";

/// @notice Acting for another account: a provider's hot key signs approvals and
/// receipts only with provider rights for this marketplace; an agent opens and
/// closes sessions for a user only with session rights; each right covers its own calls.
contract DelegatedRights is MarketFixture {
    uint256 internal constant HOT_KEY = 0xD00D;
    uint256 internal constant AGENT_KEY = 0xA6E7;

    DevDelegateRegistry internal registry;
    address internal hotKey;
    address internal agent;

    function setUp() public override {
        super.setUp();
        registry = new DevDelegateRegistry();
        market.setRegistry(address(registry));
        hotKey = vm.addr(HOT_KEY);
        agent = vm.addr(AGENT_KEY);
    }

    function _delegate(address from, address to, address contract_, bytes32 rights, bool enable) internal {
        vm.prank(from);
        registry.delegateContract(to, contract_, rights, enable);
    }

    /// @dev The user opens a session with an approval signed by `signerKey`; expects `error` when it is not zero.
    function _openSignedBy(uint256 signerKey, bytes4 error) internal returns (bytes32) {
        bytes memory approval = _approval();
        bytes memory signature = _sign(signerKey, approval);
        vm.prank(user);
        if (error != bytes4(0)) vm.expectRevert(error);
        return market.openSession(user, SESSION_STAKE, true, approval, signature);
    }

    function test_hotKeyWithProviderRightsSignsApprovalsAndReceipts() public {
        _delegate(provider, hotKey, address(market), market.DELEGATION_RULES_PROVIDER(), true);
        vm.assertTrue(market.isRightsDelegated(hotKey, provider, market.DELEGATION_RULES_PROVIDER()), "delegated");

        bytes32 sessionId = _openSignedBy(HOT_KEY, bytes4(0));
        vm.assertEq(_session(sessionId).user, user, "the session is the user's");
        vm.warp(block.timestamp + 600);
        _close(sessionId, HOT_KEY);
        vm.assertEq(_session(sessionId).closeoutType, 0, "the hot key's receipt is the provider's: no dispute");
    }

    function test_hotKeyWithoutRightsIsAForger() public {
        _openSignedBy(HOT_KEY, MarketTypes.SessionProviderSignatureMismatch.selector);
        bytes32 sessionId = _open(SESSION_STAKE, true);
        vm.warp(block.timestamp + 600);
        _close(sessionId, HOT_KEY);
        vm.assertEq(_session(sessionId).closeoutType, 1, "a receipt from a stranger is a dispute");
    }

    function test_rightsForAnotherContractOrOfAnotherKindDoNotCount() public {
        _delegate(provider, hotKey, address(0xBEEF), market.DELEGATION_RULES_PROVIDER(), true);
        _delegate(provider, hotKey, address(market), market.DELEGATION_RULES_SESSION(), true);
        _openSignedBy(HOT_KEY, MarketTypes.SessionProviderSignatureMismatch.selector);
    }

    function test_revokedRightsNoLongerCount() public {
        _delegate(provider, hotKey, address(market), market.DELEGATION_RULES_PROVIDER(), true);
        _delegate(provider, hotKey, address(market), market.DELEGATION_RULES_PROVIDER(), false);
        vm.assertFalse(market.isRightsDelegated(hotKey, provider, market.DELEGATION_RULES_PROVIDER()), "revoked");
        _openSignedBy(HOT_KEY, MarketTypes.SessionProviderSignatureMismatch.selector);
    }

    function test_walletWideDelegationOfEveryRightCounts() public {
        vm.prank(provider);
        registry.delegateAll(hotKey, bytes32(0), true);
        _openSignedBy(HOT_KEY, bytes4(0));
    }

    function test_withoutARegistryNothingIsDelegated() public {
        _delegate(provider, hotKey, address(market), market.DELEGATION_RULES_PROVIDER(), true);
        market.setRegistry(address(0));
        vm.assertFalse(market.isRightsDelegated(hotKey, provider, market.DELEGATION_RULES_PROVIDER()), "no registry");
        _openSignedBy(HOT_KEY, MarketTypes.SessionProviderSignatureMismatch.selector);
    }

    function test_agentWithSessionRightsOpensAndClosesForTheUser() public {
        // Without the rights the agent is refused (SessionApproval's test_nobodyOpensASessionInSomeoneElsesName).
        _delegate(user, agent, address(market), market.DELEGATION_RULES_SESSION(), true);
        bytes memory approval = _approval();
        bytes memory signature = _sign(PROVIDER_KEY, approval);
        uint256 userBefore = mor.balanceOf(user);
        uint256 agentBefore = mor.balanceOf(agent);
        vm.prank(agent);
        bytes32 sessionId = market.openSession(user, SESSION_STAKE, true, approval, signature);
        vm.assertEq(_session(sessionId).user, user, "the session is the user's");
        vm.assertEq(mor.balanceOf(user), userBefore - SESSION_STAKE, "the stake is the user's");
        vm.assertEq(mor.balanceOf(agent), agentBefore, "the agent pays nothing");

        bytes memory receipt = _receipt(sessionId);
        bytes memory receiptSignature = _sign(PROVIDER_KEY, receipt);
        vm.prank(agent);
        market.closeSession(receipt, receiptSignature);
        vm.assertFalse(_session(sessionId).isActive, "closed by the agent");
    }

    function test_eachRightCoversItsOwnCalls() public {
        _delegate(provider, hotKey, address(market), market.DELEGATION_RULES_PROVIDER(), true);
        vm.prank(hotKey);
        vm.expectRevert(abi.encodeWithSelector(MarketTypes.InsufficientRightsForOperation.selector, provider, hotKey));
        market.deleteModelBid(bidId);

        _delegate(provider, hotKey, address(market), market.DELEGATION_RULES_MARKETPLACE(), true);
        vm.prank(hotKey);
        market.deleteModelBid(bidId);
        vm.assertFalse(market.isBidActive(bidId), "the bid is gone");
    }

    function test_onlyTheOwnerSetsTheRegistry() public {
        vm.prank(user);
        vm.expectRevert(abi.encodeWithSelector(MarketTypes.OwnableUnauthorizedAccount.selector, user));
        market.setRegistry(user);
        vm.assertEq(market.getRegistry(), address(registry), "unchanged");
    }
}
