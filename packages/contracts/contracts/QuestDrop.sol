// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title QuestDrop: cumulative merkle distributor of one ERC-20
/// @notice Each published root commits to `(account, cumulativeAmount)` leaves in the
/// StandardMerkleTree format of OpenZeppelin's merkle-tree library (types `address, uint256`). A later
/// round publishes a new root with larger cumulative amounts and each account claims the
/// difference to what it already claimed. Claims run until `endTime`; after it the owner may
/// sweep what is left. An account claims for itself with `claim`, or signs an EIP-712
/// `ClaimAuthorization` (EOA or ERC-1271) that anyone, such as a relayer, submits with `claimFor`.
/// No ERC-2771 forwarder and no multicall: `msg.sender` always is the caller.
contract QuestDrop is EIP712, Ownable2Step {
    using SafeERC20 for IERC20;

    bytes32 public constant CLAIM_AUTHORIZATION_TYPEHASH = keccak256(
        "ClaimAuthorization(address account,address recipient,uint256 cumulativeAmount,uint64 deadline)"
    );

    /// @notice The token distributed.
    IERC20 public immutable token;
    /// @notice The current root; zero until the first round is published.
    bytes32 public merkleRoot;
    /// @notice How many roots have been published.
    uint256 public round;
    /// @notice Claims are accepted while `block.timestamp < endTime`; sweeping from then on.
    uint64 public endTime;
    /// @notice What each account has claimed so far, in total across rounds.
    mapping(address account => uint256) public claimed;

    event RootPublished(uint256 indexed round, bytes32 root);
    event Claimed(address indexed account, address indexed recipient, uint256 amount, uint256 cumulativeAmount);
    event EndTimeExtended(uint64 previousEndTime, uint64 newEndTime);
    event Swept(address indexed to, uint256 amount);

    error ZeroAddress();
    error InvalidEndTime(uint64 endTime);
    error DropEnded(uint64 endTime);
    error DropNotEnded(uint64 endTime);
    error InvalidProof();
    error NothingToClaim(uint256 cumulativeAmount, uint256 alreadyClaimed);
    error AuthorizationExpired(uint64 deadline);
    error InvalidSignature();

    constructor(IERC20 token_, address initialOwner, uint64 endTime_) EIP712("QuestDrop", "1") Ownable(initialOwner) {
        if (address(token_) == address(0)) revert ZeroAddress();
        if (endTime_ <= block.timestamp) revert InvalidEndTime(endTime_);
        token = token_;
        endTime = endTime_;
    }

    // ---- claims ----

    /// @notice Claims, for the caller and to the caller, the difference between the caller's
    /// cumulative amount in the current root and what it has already claimed.
    function claim(uint256 cumulativeAmount, bytes32[] calldata proof) external returns (uint256 amount) {
        return _claim(msg.sender, msg.sender, cumulativeAmount, proof);
    }

    /// @notice Claims for `account`, paying `recipient`, on the account's EIP-712
    /// `ClaimAuthorization` signature; anyone may submit it. An authorisation is bound to one
    /// cumulative amount, so once claimed it cannot pay out again.
    function claimFor(
        address account,
        address recipient,
        uint256 cumulativeAmount,
        uint64 deadline,
        bytes32[] calldata proof,
        bytes calldata signature
    ) external returns (uint256 amount) {
        if (block.timestamp >= deadline) revert AuthorizationExpired(deadline);
        bytes32 digest = hashClaimAuthorization(account, recipient, cumulativeAmount, deadline);
        if (!SignatureChecker.isValidSignatureNowCalldata(account, digest, signature)) revert InvalidSignature();
        return _claim(account, recipient, cumulativeAmount, proof);
    }

    /// @notice The EIP-712 digest an account signs to authorise `claimFor`.
    function hashClaimAuthorization(address account, address recipient, uint256 cumulativeAmount, uint64 deadline)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(abi.encode(CLAIM_AUTHORIZATION_TYPEHASH, account, recipient, cumulativeAmount, deadline))
        );
    }

    /// @notice Whether `(account, cumulativeAmount)` is a leaf of the current root.
    function verify(address account, uint256 cumulativeAmount, bytes32[] calldata proof) public view returns (bool) {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        return MerkleProof.verifyCalldata(proof, merkleRoot, leaf);
    }

    // ---- owner ----

    /// @notice Publishes the next round's root (cumulative amounts). Only before `endTime`.
    function publishRoot(bytes32 root) external onlyOwner {
        if (block.timestamp >= endTime) revert DropEnded(endTime);
        merkleRoot = root;
        emit RootPublished(++round, root);
    }

    /// @notice Moves `endTime` later; it can never be brought forward.
    function extendEndTime(uint64 newEndTime) external onlyOwner {
        if (block.timestamp >= endTime) revert DropEnded(endTime);
        if (newEndTime <= endTime) revert InvalidEndTime(newEndTime);
        emit EndTimeExtended(endTime, newEndTime);
        endTime = newEndTime;
    }

    /// @notice After `endTime`, sends the whole remaining balance to `to`.
    function sweep(address to) external onlyOwner returns (uint256 amount) {
        if (block.timestamp < endTime) revert DropNotEnded(endTime);
        if (to == address(0)) revert ZeroAddress();
        amount = token.balanceOf(address(this));
        token.safeTransfer(to, amount);
        emit Swept(to, amount);
    }

    // ---- internals ----

    function _claim(address account, address recipient, uint256 cumulativeAmount, bytes32[] calldata proof)
        private
        returns (uint256 amount)
    {
        if (block.timestamp >= endTime) revert DropEnded(endTime);
        if (recipient == address(0)) revert ZeroAddress();
        if (!verify(account, cumulativeAmount, proof)) revert InvalidProof();
        uint256 already = claimed[account];
        if (cumulativeAmount <= already) revert NothingToClaim(cumulativeAmount, already);
        amount = cumulativeAmount - already;
        claimed[account] = cumulativeAmount;
        token.safeTransfer(recipient, amount);
        emit Claimed(account, recipient, amount, cumulativeAmount);
    }
}
