// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

import {ComputePool} from "./ComputePool.sol";
import {Paging} from "./Paging.sol";

/// @notice Sessions as the live SessionRouter facet runs them: opened with a
/// provider's signed approval, closed with a provider's signed receipt (or a
/// user's, which is a dispute), paid either from the user's stake (direct
/// payment) or from the compute pool's funding account (staked mode).
abstract contract Sessions is ComputePool {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using Paging for EnumerableSet.Bytes32Set;

    uint32 public constant MIN_SESSION_DURATION = 5 minutes;
    uint32 public constant SIGNATURE_TTL = 10 minutes;

    uint256 private sessionNonce;
    uint128 internal maxSessionDuration;
    mapping(bytes32 => Session) private sessions;
    mapping(address => EnumerableSet.Bytes32Set) private userSessions;
    mapping(address => EnumerableSet.Bytes32Set) private providerSessions;
    mapping(address => OnHold[]) private userStakesOnHold;
    mapping(bytes => bool) private isProviderApprovalUsed;
    mapping(bytes32 => ProviderModelStats) private providerModelStats;
    mapping(bytes32 => ModelStats) private modelStats;

    // ---- Open ----

    /// @param approvalEncoded_ abi.encode(bytes32 bidId, uint256 chainId, address user, uint128 timestamp);
    ///        as deployed, its user field is not checked (SessionApprovedForAnotherUser is declared, never raised),
    ///        so an approval issued for one address opens a session for another
    /// @param signature_ the provider's EIP-191 signature of keccak256(approvalEncoded_)
    function openSession(
        address user_,
        uint256 amount_,
        bool isDirectPaymentFromUser_,
        bytes calldata approvalEncoded_,
        bytes calldata signature_
    ) external actingFor(user_, DELEGATION_RULES_SESSION) returns (bytes32 sessionId_) {
        (bytes32 bidId_, uint256 chainId_, , uint128 timestamp_) =
            abi.decode(approvalEncoded_, (bytes32, uint256, address, uint128));
        if (chainId_ != block.chainid) revert SessionApprovedForAnotherChainId();
        if (block.timestamp > timestamp_ + SIGNATURE_TTL) revert SessionApproveExpired();
        if (!isBidActive(bidId_)) revert SessionBidNotFound();

        Bid storage bid = bids[bidId_];
        if (!_signedByProvider(approvalEncoded_, signature_, bid.provider)) revert SessionProviderSignatureMismatch();
        if (isProviderApprovalUsed[approvalEncoded_]) revert SessionDuplicateApproval();

        uint128 endsAt_ = getSessionEnd(amount_, bid.pricePerSecond, uint128(block.timestamp));
        uint128 duration_ = endsAt_ - uint128(block.timestamp);
        if (duration_ < MIN_SESSION_DURATION) revert SessionTooShort();
        if (isDirectPaymentFromUser_ && duration_ * bid.pricePerSecond > amount_) revert SessionStakeTooLow();

        isProviderApprovalUsed[approvalEncoded_] = true;
        sessionId_ = getSessionId(user_, bid.provider, bidId_, sessionNonce++);
        token.safeTransferFrom(user_, address(this), amount_);

        Session storage session = sessions[sessionId_];
        session.user = user_;
        session.bidId = bidId_;
        session.stake = amount_;
        session.openedAt = uint128(block.timestamp);
        session.endsAt = endsAt_;
        session.isActive = true;
        session.isDirectPaymentFromUser = isDirectPaymentFromUser_;
        userSessions[user_].add(sessionId_);
        providerSessions[bid.provider].add(sessionId_);

        emit SessionOpened(user_, sessionId_, bid.provider);
    }

    // ---- Close ----

    /// @param receiptEncoded_ abi.encode(bytes32 sessionId, uint256 chainId, uint128 timestamp,
    ///        uint32 tpsScaled1000, uint32 ttftMs, ...): extra trailing fields are ignored
    /// @param signature_ EIP-191 signature of keccak256(receiptEncoded_): the provider's for a
    ///        normal close, anyone else's (the user's) makes it a dispute
    function closeSession(bytes calldata receiptEncoded_, bytes calldata signature_) external {
        (bytes32 sessionId_, uint256 chainId_, uint128 timestamp_, uint32 tpsScaled1000_, uint32 ttftMs_) =
            abi.decode(receiptEncoded_, (bytes32, uint256, uint128, uint32, uint32));
        if (chainId_ != block.chainid) revert SessionReceiptForAnotherChainId();
        if (block.timestamp > timestamp_ + SIGNATURE_TTL) revert SessionReceiptExpired();

        Session storage session = sessions[sessionId_];
        _checkActingFor(session.user, DELEGATION_RULES_SESSION);
        if (session.closedAt != 0) revert SessionAlreadyClosed();
        Bid storage bid = bids[session.bidId];

        session.isActive = false;
        session.closeoutReceipt = receiptEncoded_;
        session.closedAt = uint128(block.timestamp);
        bool agreed_ = _signedByProvider(receiptEncoded_, signature_, bid.provider);
        if (!agreed_) session.closeoutType = 1;

        _refundUser(session, bid);
        _payProviderOnClose(agreed_, session, bid);
        _recordStats(agreed_, tpsScaled1000_, ttftMs_, session, bid);

        emit SessionClosed(session.user, sessionId_, bid.provider);
    }

    /// @dev Closing before endsAt parks the part of the stake that paid for today's
    /// use until the next UTC midnight; the rest comes back at once.
    function _refundUser(Session storage session, Bid storage bid) private {
        uint128 dayStart_ = startOfTheDay(session.closedAt);
        uint256 paidToProvider_ = session.isDirectPaymentFromUser ? _providerEarned(session, bid) : 0;
        uint256 refundable_ = session.stake - paidToProvider_;
        uint256 held_ = 0;
        if (session.closedAt < session.endsAt) {
            uint256 usedToday_ = session.closedAt - Math.max(session.openedAt, dayStart_);
            held_ = Math.min(refundable_, stipendToStake(usedToday_ * bid.pricePerSecond, dayStart_));
            userStakesOnHold[session.user].push(OnHold(held_, dayStart_ + 1 days));
        }
        token.safeTransfer(session.user, refundable_ - held_);
    }

    /// @dev A disputed early close holds back what the provider earned today until the next UTC day.
    function _payProviderOnClose(bool agreed_, Session storage session, Bid storage bid) private {
        uint256 amount_ = _providerEarned(session, bid) - session.providerWithdrawnAmount;
        if (!agreed_ && session.closedAt < session.endsAt) amount_ -= _providerOnHold(session, bid);
        _payProvider(session, bid, amount_);
    }

    // ---- Claim ----

    /// @dev As deployed, what is held is subtracted unchecked: on the UTC day of an early close,
    /// when the close already paid the provider, the claim reverts with Panic(0x11) until the next midnight.
    function claimForProvider(bytes32 sessionId_) external {
        Session storage session = sessions[sessionId_];
        Bid storage bid = bids[session.bidId];
        _checkActingFor(bid.provider, DELEGATION_RULES_SESSION);
        uint256 claimable_ = _providerEarned(session, bid) - session.providerWithdrawnAmount;
        _payProvider(session, bid, claimable_ - _providerOnHold(session, bid));
    }

    /// @dev What the provider has earned so far: nothing until the session has ended or closed.
    function _providerEarned(Session storage session, Bid storage bid) private view returns (uint256) {
        uint256 end_ = session.closedAt == 0 ? session.endsAt : Math.min(session.closedAt, session.endsAt);
        if (block.timestamp < end_) return 0;
        return (end_ - session.openedAt) * bid.pricePerSecond;
    }

    function _providerOnHold(Session storage session, Bid storage bid) private view returns (uint256) {
        uint128 dayStart_ = startOfTheDay(session.closedAt);
        if (block.timestamp >= dayStart_ + 1 days) return 0;
        return (session.closedAt - Math.max(dayStart_, session.openedAt)) * bid.pricePerSecond;
    }

    /// @dev Pays at most what the provider's stake still allows this period.
    function _payProvider(Session storage session, Bid storage bid, uint256 amount_) private {
        Provider storage provider = providers[bid.provider];
        if (block.timestamp > provider.limitPeriodEnd) {
            provider.limitPeriodEnd = uint128(block.timestamp) + PROVIDER_REWARD_LIMITER_PERIOD;
            provider.limitPeriodEarned = 0;
        }
        amount_ = Math.min(amount_, provider.stake - provider.limitPeriodEarned);
        if (amount_ == 0) return;

        session.providerWithdrawnAmount += amount_;
        provider.limitPeriodEarned += amount_;
        providersTotalClaimed += amount_;
        if (session.isDirectPaymentFromUser) token.safeTransfer(bid.provider, amount_);
        else token.safeTransferFrom(fundingAccount, bid.provider, amount_);
    }

    // ---- Stakes on hold ----

    /// @dev As deployed, every entry is counted; `iterations_` bounds only withdrawUserStakes.
    function getUserStakesOnHold(address user_, uint8 /* iterations_ */)
        external view returns (uint256 available_, uint256 hold_)
    {
        OnHold[] storage entries_ = userStakesOnHold[user_];
        for (uint256 i = 0; i < entries_.length; i++) {
            if (block.timestamp < entries_[i].releaseAt) hold_ += entries_[i].amount;
            else available_ += entries_[i].amount;
        }
    }

    function withdrawUserStakes(address user_, uint8 iterations_) external actingFor(user_, DELEGATION_RULES_SESSION) {
        OnHold[] storage entries_ = userStakesOnHold[user_];
        uint256 amount_ = 0;
        uint256 released_ = 0;
        uint256 i = entries_.length;
        while (i > 0 && released_ < iterations_) {
            i--;
            if (block.timestamp < entries_[i].releaseAt) continue;
            amount_ += entries_[i].amount;
            entries_[i] = entries_[entries_.length - 1];
            entries_.pop();
            released_++;
        }
        if (amount_ == 0) revert SessionUserAmountToWithdrawIsZero();
        token.safeTransfer(user_, amount_);
        emit UserWithdrawn(user_, amount_);
    }

    // ---- Views ----

    function getSession(bytes32 sessionId_) external view returns (Session memory) {
        return sessions[sessionId_];
    }

    function getUserSessions(address user_, uint256 offset_, uint256 limit_)
        external view returns (bytes32[] memory, uint256)
    {
        return userSessions[user_].page(offset_, limit_);
    }

    function getProviderSessions(address provider_, uint256 offset_, uint256 limit_)
        external view returns (bytes32[] memory, uint256)
    {
        return providerSessions[provider_].page(offset_, limit_);
    }

    function getSessionId(address user_, address provider_, bytes32 bidId_, uint256 sessionNonce_)
        public pure returns (bytes32)
    {
        return keccak256(abi.encodePacked(user_, provider_, bidId_, sessionNonce_));
    }

    /// @notice endsAt = openedAt + min(maxSessionDuration, stakeToStipend(amount) / pricePerSecond)
    function getSessionEnd(uint256 amount_, uint256 pricePerSecond_, uint128 openedAt_) public view returns (uint128) {
        uint256 duration_ = Math.min(stakeToStipend(amount_, openedAt_) / pricePerSecond_, maxSessionDuration);
        return openedAt_ + uint128(duration_);
    }

    function getIsProviderApprovalUsed(bytes calldata approval_) external view returns (bool) {
        return isProviderApprovalUsed[approval_];
    }

    function getMaxSessionDuration() external view returns (uint128) {
        return maxSessionDuration;
    }

    function getProviderModelStats(bytes32 modelId_, address provider_)
        external view returns (ProviderModelStats memory)
    {
        return providerModelStats[getProviderModelId(provider_, modelId_)];
    }

    function getModelStats(bytes32 modelId_) external view returns (ModelStats memory) {
        return modelStats[modelId_];
    }

    // ---- Internals ----

    /// @dev The provider's own EIP-191 signature, or one by a key it gave provider rights to.
    function _signedByProvider(bytes calldata message_, bytes calldata signature_, address provider_)
        private view returns (bool)
    {
        (address signer_, ECDSA.RecoverError error_, ) =
            ECDSA.tryRecover(MessageHashUtils.toEthSignedMessageHash(keccak256(message_)), signature_);
        if (error_ != ECDSA.RecoverError.NoError) return false;
        return signer_ == provider_ || isRightsDelegated(signer_, provider_, DELEGATION_RULES_PROVIDER);
    }

    function _recordStats(bool agreed_, uint32 tps_, uint32 ttft_, Session storage session, Bid storage bid) private {
        ProviderModelStats storage stats = providerModelStats[getProviderModelId(bid.provider, bid.modelId)];
        stats.totalCount++;
        if (!agreed_) return;
        uint32 duration_ = uint32(session.closedAt - session.openedAt);
        stats.successCount++;
        stats.totalDuration += duration_;
        _addSample(stats.tpsScaled1000, int64(uint64(tps_)), int64(uint64(stats.successCount)));
        _addSample(stats.ttftMs, int64(uint64(ttft_)), int64(uint64(stats.successCount)));

        ModelStats storage model_ = modelStats[bid.modelId];
        model_.count++;
        _addSample(model_.tpsScaled1000, int64(uint64(tps_)), int64(uint64(model_.count)));
        _addSample(model_.ttftMs, int64(uint64(ttft_)), int64(uint64(model_.count)));
        _addSample(model_.totalDuration, int64(uint64(duration_)), int64(uint64(model_.count)));
    }

    function _addSample(SD storage sd, int64 x_, int64 count_) private {
        int64 previousMean_ = sd.mean;
        sd.mean = previousMean_ + (x_ - previousMean_) / count_;
        sd.sqSum = sd.sqSum + (x_ - sd.mean) * (x_ - previousMean_);
    }
}
