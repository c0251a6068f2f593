// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Records, events and custom errors of the Morpheus marketplace, with the
/// field order and signatures of the live Diamond's facets (src/market/abi/), so
/// selectors, topics and struct encodings are identical.
interface MarketTypes {
    struct Provider {
        string endpoint;
        uint256 stake;
        uint128 createdAt;
        uint128 limitPeriodEnd;
        uint256 limitPeriodEarned;
        bool isDeleted;
    }

    struct Model {
        bytes32 ipfsCID;
        uint256 fee;
        uint256 stake;
        address owner;
        string name;
        string[] tags;
        uint128 createdAt;
        bool isDeleted;
    }

    struct Bid {
        address provider;
        bytes32 modelId;
        uint256 pricePerSecond;
        uint256 nonce;
        uint128 createdAt;
        uint128 deletedAt;
    }

    struct Session {
        address user;
        bytes32 bidId;
        uint256 stake;
        bytes closeoutReceipt;
        uint256 closeoutType;
        uint256 providerWithdrawnAmount;
        uint128 openedAt;
        uint128 endsAt;
        uint128 closedAt;
        bool isActive;
        bool isDirectPaymentFromUser;
    }

    struct OnHold {
        uint256 amount;
        uint128 releaseAt;
    }

    /// @dev A running mean and sum of squared deviations (Welford).
    struct SD {
        int64 mean;
        int64 sqSum;
    }

    struct ProviderModelStats {
        SD tpsScaled1000;
        SD ttftMs;
        uint32 totalDuration;
        uint32 successCount;
        uint32 totalCount;
    }

    /// @dev Every provider's agreed sessions of one model together: what a provider's own record is compared with.
    struct ModelStats {
        SD tpsScaled1000;
        SD ttftMs;
        SD totalDuration;
        uint32 count;
    }

    event ProviderRegistered(address indexed provider);
    event ProviderDeregistered(address indexed provider);
    event ModelRegisteredUpdated(address indexed owner, bytes32 indexed modelId);
    event ModelDeregistered(address indexed owner, bytes32 indexed modelId);
    event MarketplaceBidPosted(address indexed provider, bytes32 indexed modelId, uint256 nonce);
    event MarketplaceBidDeleted(address indexed provider, bytes32 indexed modelId, uint256 nonce);
    event SessionOpened(address indexed user, bytes32 indexed sessionId, address indexed providerId);
    event SessionClosed(address indexed user, bytes32 indexed sessionId, address indexed providerId);
    event UserWithdrawn(address indexed user, uint256 amount_);

    error OwnableUnauthorizedAccount(address account_);
    error InsufficientRightsForOperation(address delegator, address delegatee);

    error ProviderStakeTooLow(uint256 amount, uint256 minAmount);
    error ProviderNotFound();
    error ProviderHasActiveBids();
    error ProviderHasAlreadyDeregistered();

    error ModelStakeTooLow(uint256 amount, uint256 minAmount);
    error ModelNotFound();
    error ModelHasActiveBids();
    error ModelHasAlreadyDeregistered();

    error MarketplaceProviderNotFound();
    error MarketplaceModelNotFound();
    error MarketplaceBidPricePerSecondInvalid();
    error MarketplaceActiveBidNotFound();

    error SessionBidNotFound();
    error SessionProviderSignatureMismatch();
    error SessionDuplicateApproval();
    error SessionApprovedForAnotherUser();
    error SessionApprovedForAnotherChainId();
    error SessionApproveExpired();
    error SessionReceiptForAnotherChainId();
    error SessionReceiptExpired();
    error SessionTooShort();
    error SessionStakeTooLow();
    error SessionAlreadyClosed();
    error SessionUserAmountToWithdrawIsZero();
}
