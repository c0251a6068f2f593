// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/// @notice The live views are paginated: `(items[offset, offset + limit), totalCount)`.
library Paging {
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using EnumerableSet for EnumerableSet.AddressSet;

    function page(EnumerableSet.Bytes32Set storage set_, uint256 offset_, uint256 limit_)
        internal view returns (bytes32[] memory items_, uint256 total_)
    {
        total_ = set_.length();
        uint256 end_ = _end(total_, offset_, limit_);
        items_ = new bytes32[](end_ > offset_ ? end_ - offset_ : 0);
        for (uint256 i = 0; i < items_.length; i++) items_[i] = set_.at(offset_ + i);
    }

    function page(EnumerableSet.AddressSet storage set_, uint256 offset_, uint256 limit_)
        internal view returns (address[] memory items_, uint256 total_)
    {
        total_ = set_.length();
        uint256 end_ = _end(total_, offset_, limit_);
        items_ = new address[](end_ > offset_ ? end_ - offset_ : 0);
        for (uint256 i = 0; i < items_.length; i++) items_[i] = set_.at(offset_ + i);
    }

    function _end(uint256 total_, uint256 offset_, uint256 limit_) private pure returns (uint256) {
        if (offset_ >= total_) return offset_;
        return limit_ > total_ - offset_ ? total_ : offset_ + limit_;
    }
}
