// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

import {Delegation} from "./Delegation.sol";
import {Paging} from "./Paging.sol";

/// @notice Providers, models and bids, as the live ProviderRegistry, ModelRegistry
/// and Marketplace facets keep them. Each call is made by the account it acts for
/// or by a delegate holding the matching rights (see Delegation).
abstract contract Registries is Delegation {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using EnumerableSet for EnumerableSet.AddressSet;
    using Paging for EnumerableSet.Bytes32Set;
    using Paging for EnumerableSet.AddressSet;

    /// @dev A provider's claims within this period are capped by its stake, as on the live chain.
    uint128 internal constant PROVIDER_REWARD_LIMITER_PERIOD = 365 days;

    IERC20 internal immutable token;
    address private _owner;

    uint256 internal providerMinimumStake;
    uint256 internal modelMinimumStake;
    uint256 internal bidFee;
    uint256 internal bidMinPricePerSecond;
    uint256 internal bidMaxPricePerSecond;

    mapping(address => Provider) internal providers;
    EnumerableSet.AddressSet private activeProviders;
    mapping(bytes32 => Model) private models;
    EnumerableSet.Bytes32Set private activeModels;
    mapping(bytes32 => Bid) internal bids;
    mapping(bytes32 => EnumerableSet.Bytes32Set) private modelActiveBids;
    mapping(address => EnumerableSet.Bytes32Set) private providerActiveBids;
    mapping(bytes32 => uint256) private providerModelNonce;

    constructor(IERC20 token_, address owner_) {
        token = token_;
        _owner = owner_;
    }

    modifier onlyOwner() {
        if (msg.sender != _owner) revert OwnableUnauthorizedAccount(msg.sender);
        _;
    }

    function owner() external view returns (address) {
        return _owner;
    }

    function setRegistry(address registry_) external onlyOwner {
        _setRegistry(registry_);
    }

    function getToken() external view returns (address) {
        return address(token);
    }

    // ---- Providers ----

    function providerRegister(address provider_, uint256 amount_, string calldata endpoint_)
        external actingFor(provider_, DELEGATION_RULES_PROVIDER)
    {
        if (amount_ > 0) token.safeTransferFrom(provider_, address(this), amount_);
        Provider storage provider = providers[provider_];
        uint256 newStake_ = provider.stake + amount_;
        if (newStake_ < providerMinimumStake) revert ProviderStakeTooLow(newStake_, providerMinimumStake);
        if (provider.createdAt == 0) {
            provider.createdAt = uint128(block.timestamp);
            provider.limitPeriodEnd = uint128(block.timestamp) + PROVIDER_REWARD_LIMITER_PERIOD;
        }
        provider.isDeleted = false;
        provider.endpoint = endpoint_;
        provider.stake = newStake_;
        activeProviders.add(provider_);
        emit ProviderRegistered(provider_);
    }

    function providerDeregister(address provider_) external actingFor(provider_, DELEGATION_RULES_PROVIDER) {
        Provider storage provider = providers[provider_];
        if (provider.createdAt == 0) revert ProviderNotFound();
        if (providerActiveBids[provider_].length() != 0) revert ProviderHasActiveBids();
        if (provider.isDeleted) revert ProviderHasAlreadyDeregistered();
        // What was earned this period stays staked, so a provider cannot re-stake elsewhere to lift its cap.
        uint256 withdraw_ = block.timestamp > provider.limitPeriodEnd
            ? provider.stake
            : provider.stake - provider.limitPeriodEarned;
        provider.stake -= withdraw_;
        provider.isDeleted = true;
        activeProviders.remove(provider_);
        if (withdraw_ > 0) token.safeTransfer(provider_, withdraw_);
        emit ProviderDeregistered(provider_);
    }

    function getProvider(address provider_) external view returns (Provider memory) {
        return providers[provider_];
    }

    function getIsProviderActive(address provider_) public view returns (bool) {
        return providers[provider_].createdAt != 0 && !providers[provider_].isDeleted;
    }

    function getActiveProviders(uint256 offset_, uint256 limit_) external view returns (address[] memory, uint256) {
        return activeProviders.page(offset_, limit_);
    }

    function getProviderMinimumStake() external view returns (uint256) {
        return providerMinimumStake;
    }

    // ---- Models ----

    function modelRegister(
        address modelOwner_,
        bytes32 baseModelId_,
        bytes32 ipfsCID_,
        uint256 fee_,
        uint256 amount_,
        string calldata name_,
        string[] calldata tags_
    ) external actingFor(modelOwner_, DELEGATION_RULES_MODEL) {
        bytes32 modelId_ = getModelId(modelOwner_, baseModelId_);
        Model storage model = models[modelId_];
        uint256 newStake_ = model.stake + amount_;
        if (newStake_ < modelMinimumStake) revert ModelStakeTooLow(newStake_, modelMinimumStake);
        if (amount_ > 0) token.safeTransferFrom(modelOwner_, address(this), amount_);
        if (model.createdAt == 0) {
            model.createdAt = uint128(block.timestamp);
            model.owner = modelOwner_;
        }
        model.stake = newStake_;
        model.ipfsCID = ipfsCID_;
        model.fee = fee_;
        model.name = name_;
        model.tags = tags_;
        model.isDeleted = false;
        activeModels.add(modelId_);
        emit ModelRegisteredUpdated(modelOwner_, modelId_);
    }

    function modelDeregister(bytes32 modelId_) external actingFor(models[modelId_].owner, DELEGATION_RULES_MODEL) {
        Model storage model = models[modelId_];
        if (model.createdAt == 0) revert ModelNotFound();
        if (modelActiveBids[modelId_].length() != 0) revert ModelHasActiveBids();
        if (model.isDeleted) revert ModelHasAlreadyDeregistered();
        uint256 withdraw_ = model.stake;
        model.stake = 0;
        model.isDeleted = true;
        activeModels.remove(modelId_);
        if (withdraw_ > 0) token.safeTransfer(model.owner, withdraw_);
        emit ModelDeregistered(model.owner, modelId_);
    }

    function getModel(bytes32 modelId_) external view returns (Model memory) {
        return models[modelId_];
    }

    function getIsModelActive(bytes32 modelId_) public view returns (bool) {
        return models[modelId_].createdAt != 0 && !models[modelId_].isDeleted;
    }

    function getActiveModelIds(uint256 offset_, uint256 limit_) external view returns (bytes32[] memory, uint256) {
        return activeModels.page(offset_, limit_);
    }

    function getModelId(address account_, bytes32 baseModelId_) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(account_, baseModelId_));
    }

    function getModelMinimumStake() external view returns (uint256) {
        return modelMinimumStake;
    }

    // ---- Bids ----

    /// @notice A new bid for the same provider and model replaces the previous one.
    function postModelBid(address provider_, bytes32 modelId_, uint256 pricePerSecond_)
        external actingFor(provider_, DELEGATION_RULES_MARKETPLACE) returns (bytes32 bidId)
    {
        if (!getIsProviderActive(provider_)) revert MarketplaceProviderNotFound();
        if (!getIsModelActive(modelId_)) revert MarketplaceModelNotFound();
        if (pricePerSecond_ < bidMinPricePerSecond || pricePerSecond_ > bidMaxPricePerSecond) {
            revert MarketplaceBidPricePerSecondInvalid();
        }
        if (bidFee > 0) token.safeTransferFrom(provider_, address(this), bidFee);

        uint256 nonce_ = providerModelNonce[getProviderModelId(provider_, modelId_)]++;
        if (nonce_ != 0) {
            bytes32 previous_ = getBidId(provider_, modelId_, nonce_ - 1);
            if (isBidActive(previous_)) _deleteBid(previous_);
        }
        bidId = getBidId(provider_, modelId_, nonce_);
        bids[bidId] = Bid(provider_, modelId_, pricePerSecond_, nonce_, uint128(block.timestamp), 0);
        providerActiveBids[provider_].add(bidId);
        modelActiveBids[modelId_].add(bidId);
        emit MarketplaceBidPosted(provider_, modelId_, nonce_);
    }

    function deleteModelBid(bytes32 bidId_) external actingFor(bids[bidId_].provider, DELEGATION_RULES_MARKETPLACE) {
        if (!isBidActive(bidId_)) revert MarketplaceActiveBidNotFound();
        _deleteBid(bidId_);
    }

    function _deleteBid(bytes32 bidId_) private {
        Bid storage bid = bids[bidId_];
        bid.deletedAt = uint128(block.timestamp);
        providerActiveBids[bid.provider].remove(bidId_);
        modelActiveBids[bid.modelId].remove(bidId_);
        emit MarketplaceBidDeleted(bid.provider, bid.modelId, bid.nonce);
    }

    function getBid(bytes32 bidId_) external view returns (Bid memory) {
        return bids[bidId_];
    }

    function isBidActive(bytes32 bidId_) public view returns (bool) {
        return bids[bidId_].createdAt != 0 && bids[bidId_].deletedAt == 0;
    }

    function getModelActiveBids(bytes32 modelId_, uint256 offset_, uint256 limit_)
        external view returns (bytes32[] memory, uint256)
    {
        return modelActiveBids[modelId_].page(offset_, limit_);
    }

    function getProviderActiveBids(address provider_, uint256 offset_, uint256 limit_)
        external view returns (bytes32[] memory, uint256)
    {
        return providerActiveBids[provider_].page(offset_, limit_);
    }

    function getBidId(address provider_, bytes32 modelId_, uint256 nonce_) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(provider_, modelId_, nonce_));
    }

    function getProviderModelId(address provider_, bytes32 modelId_) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(provider_, modelId_));
    }

    function getBidFee() external view returns (uint256) {
        return bidFee;
    }

    function getMinMaxBidPricePerSecond() external view returns (uint256, uint256) {
        return (bidMinPricePerSecond, bidMaxPricePerSecond);
    }
}
