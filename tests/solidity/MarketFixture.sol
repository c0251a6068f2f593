// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {HearthMarketplace} from "../../contracts/HearthMarketplace.sol";
import {MorToken} from "../../contracts/MorToken.sol";
import {MarketTypes} from "../../contracts/marketplace/MarketTypes.sol";

import {vm} from "./Vm.sol";

/// @notice A fresh dev marketplace for every test: MOR and the marketplace with
/// the numbers of devMarketSettings (src/market/devchain/deploy.ts), one model,
/// a provider with a stake and a bid, and a user with MOR. This contract is the
/// deployer, owner and staked mode's funding account, as the deployer is on a dev chain.
/// Approvals and receipts are encoded and signed as src/market/chain/signed-messages.ts does.
abstract contract MarketFixture {
    // devMarketSettings, in MOR wei unless said otherwise.
    uint256 internal constant MOR_SUPPLY = 1_000_000_000 ether;
    uint256 internal constant MOR_PER_ACCOUNT = 1_000_000 ether;
    uint128 internal constant MAX_SESSION_DURATION = 1 days;
    uint256 internal constant OTHER_MOR_SUPPLY = 10_000_000 ether;
    uint256 internal constant COMPUTE_POOL_BALANCE = 1_000_000_000 ether;
    uint256 internal constant PROVIDER_MINIMUM_STAKE = 0.2 ether;
    uint256 internal constant MODEL_MINIMUM_STAKE = 0.1 ether;
    uint256 internal constant BID_FEE = 0.3 ether;
    uint256 internal constant BID_MIN_PRICE_PER_SECOND = 1e13;
    uint256 internal constant BID_MAX_PRICE_PER_SECOND = 1e16;

    // As in tests/integration/market-contracts.test.ts.
    uint256 internal constant PROVIDER_STAKE = 10 ether;
    uint256 internal constant PRICE_PER_SECOND = 1e14;
    uint256 internal constant SESSION_STAKE = 1 ether;

    uint256 internal constant SIGNATURE_TTL = 10 minutes;
    uint256 internal constant CHAIN_ID = 31337;
    /// @dev 2026-01-05 00:00 UTC; every test starts at 01:00 that day.
    uint256 internal constant DAY_ONE = 1_767_571_200;

    uint256 internal constant PROVIDER_KEY = 0xA11CE;
    uint256 internal constant USER_KEY = 0xB0B;
    uint256 internal constant OTHER_USER_KEY = 0xC4A5;

    MorToken internal mor;
    HearthMarketplace internal market;
    address internal provider;
    address internal user;
    address internal otherUser;
    bytes32 internal modelId;
    bytes32 internal bidId;

    function setUp() public virtual {
        vm.warp(DAY_ONE + 1 hours);
        provider = vm.addr(PROVIDER_KEY);
        user = vm.addr(USER_KEY);
        otherUser = vm.addr(OTHER_USER_KEY);

        mor = new MorToken(MOR_SUPPLY);
        market = new HearthMarketplace(mor, HearthMarketplace.Settings({
            fundingAccount: address(this),
            maxSessionDuration: MAX_SESSION_DURATION,
            computePoolBalance: COMPUTE_POOL_BALANCE,
            otherMorSupply: OTHER_MOR_SUPPLY,
            providerMinimumStake: PROVIDER_MINIMUM_STAKE,
            modelMinimumStake: MODEL_MINIMUM_STAKE,
            bidFee: BID_FEE,
            bidMinPricePerSecond: BID_MIN_PRICE_PER_SECOND,
            bidMaxPricePerSecond: BID_MAX_PRICE_PER_SECOND
        }));
        // The funding account pays providers in staked mode.
        mor.approve(address(market), type(uint256).max);
        modelId = _registerModel("stories260K");

        _fund(provider);
        _fund(user);
        _fund(otherUser);
        bidId = _registerProviderWithBid(PROVIDER_KEY, PROVIDER_STAKE, PRICE_PER_SECOND);
    }

    // ---- Setup steps ----

    function _fund(address account) internal {
        mor.transfer(account, MOR_PER_ACCOUNT);
        vm.prank(account);
        mor.approve(address(market), type(uint256).max);
    }

    function _registerModel(string memory name) internal returns (bytes32) {
        bytes32 baseModelId = keccak256(bytes(name));
        market.modelRegister(address(this), baseModelId, sha256(bytes(name)), 0, MODEL_MINIMUM_STAKE, name, new string[](0));
        return market.getModelId(address(this), baseModelId);
    }

    function _registerProviderWithBid(uint256 key, uint256 stake, uint256 pricePerSecond) internal returns (bytes32) {
        address account = vm.addr(key);
        vm.startPrank(account);
        market.providerRegister(account, stake, "127.0.0.1:3989");
        bytes32 id = market.postModelBid(account, modelId, pricePerSecond);
        vm.stopPrank();
        return id;
    }

    // ---- Signed messages ----

    /// @dev abi.encode(bytes32 bidId, uint256 chainId, address user, uint128 timestamp)
    function _approval(bytes32 bid, uint256 chainId, address approvedUser, uint256 timestamp)
        internal pure returns (bytes memory)
    {
        return abi.encode(bid, chainId, approvedUser, uint128(timestamp));
    }

    /// @dev The provider's approval of `user` for `bidId`, made now on this chain.
    function _approval() internal view returns (bytes memory) {
        return _approval(bidId, block.chainid, user, block.timestamp);
    }

    /// @dev abi.encode(sessionId, chainId, uint128 timestamp, uint32 tpsScaled1000, uint32 ttftMs, uint32 inputTokens, uint32 outputTokens)
    function _receipt(bytes32 sessionId, uint256 chainId, uint256 timestamp) internal pure returns (bytes memory) {
        return abi.encode(sessionId, chainId, uint128(timestamp), uint32(250_000), uint32(120), uint32(12), uint32(64));
    }

    function _receipt(bytes32 sessionId) internal view returns (bytes memory) {
        return _receipt(sessionId, block.chainid, block.timestamp);
    }

    /// @dev EIP-191 (personal_sign) over keccak256 of the message, as r ‖ s ‖ v with v = 27/28.
    function _sign(uint256 key, bytes memory message) internal pure returns (bytes memory) {
        bytes32 digest = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", keccak256(message)));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    // ---- Session steps ----

    /// @dev Opens a session for the user on `bid` now, with the approval of the provider holding `providerKey`.
    function _open(bytes32 bid, uint256 providerKey, uint256 stake, bool directPayment) internal returns (bytes32) {
        bytes memory approval = _approval(bid, block.chainid, user, block.timestamp);
        bytes memory signature = _sign(providerKey, approval);
        vm.prank(user);
        return market.openSession(user, stake, directPayment, approval, signature);
    }

    function _open(uint256 stake, bool directPayment) internal returns (bytes32) {
        return _open(bidId, PROVIDER_KEY, stake, directPayment);
    }

    /// @dev Closes `sessionId` as the user, with a receipt of now signed by `signerKey`.
    function _close(bytes32 sessionId, uint256 signerKey) internal {
        bytes memory receipt = _receipt(sessionId);
        bytes memory signature = _sign(signerKey, receipt);
        vm.prank(user);
        market.closeSession(receipt, signature);
    }

    function _claim(bytes32 sessionId) internal {
        vm.prank(provider);
        market.claimForProvider(sessionId);
    }

    function _session(bytes32 sessionId) internal view returns (MarketTypes.Session memory) {
        return market.getSession(sessionId);
    }

    // ---- The contract's formulas, written out independently ----

    /// @dev stakeToStipend: amount × computeBalance / (MOR supply × 100), where what
    /// providers claimed moves from the compute balance to the supply.
    function _stakeToStipend(uint256 amount, uint256 claimed) internal pure returns (uint256) {
        return (amount * (COMPUTE_POOL_BALANCE - claimed)) / ((OTHER_MOR_SUPPLY + claimed) * 100);
    }

    /// @dev stipendToStake, the inverse.
    function _stipendToStake(uint256 stipend, uint256 claimed) internal pure returns (uint256) {
        return (stipend * (OTHER_MOR_SUPPLY + claimed) * 100) / (COMPUTE_POOL_BALANCE - claimed);
    }

    function _nextDay(uint256 timestamp) internal pure returns (uint256) {
        return timestamp - (timestamp % 1 days) + 1 days;
    }

    function _held(address account) internal view returns (uint256 available, uint256 hold) {
        return market.getUserStakesOnHold(account, 20);
    }
}
