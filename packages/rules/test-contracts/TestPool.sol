// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A DEX-like pool for rule tests: swaps only emit events; stakes give view functions to read.
contract TestPool {
    struct Position {
        uint256 amount;
        bool active;
    }

    mapping(address => Position) private _positions;
    uint256 public totalStaked;

    event Swap(
        address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96
    );
    event Staked(address indexed account, uint256 amount);

    function swap(address recipient, int256 amount0, int256 amount1) external {
        emit Swap(msg.sender, recipient, amount0, amount1, 79228162514264337593543950336);
    }

    function stake(uint256 amount) external {
        _positions[msg.sender].amount += amount;
        _positions[msg.sender].active = true;
        totalStaked += amount;
        emit Staked(msg.sender, amount);
    }

    function stakeOf(address account) external view returns (uint256) {
        return _positions[account].amount;
    }

    function position(address account) external view returns (uint256 amount, bool active) {
        Position memory p = _positions[account];
        return (p.amount, p.active);
    }

    function label(address account) external pure returns (string memory) {
        return account == address(0) ? "nobody" : "member";
    }

    function alwaysReverts(address) external pure returns (uint256) {
        revert("not today");
    }
}
