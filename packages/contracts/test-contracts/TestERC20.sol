// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @dev Test only (not shipped): an ERC-20 anyone may mint.
contract TestERC20 is ERC20 {
    constructor() ERC20("Quest Test Token", "QTT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
