// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Stands in for MOR on a local dev chain. The whole supply goes to the
/// deployer, who funds the dev accounts; nothing can mint more afterwards.
contract MorToken is ERC20 {
    constructor(uint256 initialSupply_) ERC20("Morpheus (dev)", "MOR") {
        _mint(msg.sender, initialSupply_);
    }
}
