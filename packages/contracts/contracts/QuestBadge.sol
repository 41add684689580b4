// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IERC5192} from "./interfaces/IERC5192.sol";

/// @title QuestBadge: soulbound ERC-721 badges minted from issuer-signed EIP-712 vouchers
/// @notice Each token is one badge for one (campaign, tier). Tokens are locked forever (ERC-5192):
/// transfers and approvals revert. A visitor (or anyone paying the gas for them) mints with
/// `claim(voucher, signature)`, where the voucher is signed by `issuer`, an EOA or an ERC-1271
/// smart wallet. Each voucher nonce is used once and each account holds at most one badge per
/// (campaign, tier). The owner names the issuer and sets each tier's metadata (name, image).
contract QuestBadge is IERC5192, ERC721, EIP712, Ownable2Step {
    /// @notice What the issuer signs. `validAfter <= block.timestamp < validBefore`.
    struct BadgeVoucher {
        address to;
        bytes32 campaign;
        bytes32 tier;
        uint256 nonce;
        uint64 validAfter;
        uint64 validBefore;
    }

    /// @notice A tier: its ids and display metadata, stored once per tier (tokens point at it).
    struct Tier {
        bytes32 campaign;
        bytes32 tier;
        string name;
        string image;
    }

    bytes32 public constant VOUCHER_TYPEHASH = keccak256(
        "BadgeVoucher(address to,bytes32 campaign,bytes32 tier,uint256 nonce,uint64 validAfter,uint64 validBefore)"
    );

    bytes4 private constant ERC4906_INTERFACE_ID = 0x49064906;
    uint256 private constant MAX_NAME_LENGTH = 128;
    uint256 private constant MAX_IMAGE_LENGTH = 2048;

    /// @notice The key whose signatures mint badges (an EOA or an ERC-1271 contract).
    address public issuer;
    /// @notice Badges minted so far; token ids run from 1 to `totalSupply`.
    uint256 public totalSupply;
    /// @notice Whether a voucher nonce has been used.
    mapping(uint256 nonce => bool) public nonceUsed;
    /// @notice The token id an account holds for (campaign, tier), 0 when none.
    mapping(address account => mapping(bytes32 campaign => mapping(bytes32 tier => uint256))) public badgeOf;

    /// @dev keccak256(abi.encode(campaign, tier)) => the tier.
    mapping(bytes32 tierKey => Tier) private _tiers;
    /// @dev One storage slot per token: the key of its tier.
    mapping(uint256 tokenId => bytes32 tierKey) private _tokenTier;

    /// @notice ERC-4906: the metadata of tokens `_fromTokenId` to `_toTokenId` changed.
    event BatchMetadataUpdate(uint256 _fromTokenId, uint256 _toTokenId);
    event IssuerChanged(address indexed previousIssuer, address indexed newIssuer);
    event TierSet(bytes32 indexed campaign, bytes32 indexed tier, string name, string image);
    event BadgeClaimed(
        address indexed to, bytes32 indexed campaign, bytes32 indexed tier, uint256 tokenId, uint256 nonce
    );

    /// @notice Badges cannot be transferred or approved.
    error Soulbound();
    error ZeroIssuer();
    error VoucherNotYetValid(uint64 validAfter);
    error VoucherExpired(uint64 validBefore);
    error VoucherUsed(uint256 nonce);
    error InvalidSignature();
    error UnknownTier(bytes32 campaign, bytes32 tier);
    error AlreadyClaimed(uint256 tokenId);
    /// @notice A name must be 1-128 bytes, an image an https:// or ipfs:// URI of at most 2048
    /// bytes; neither may hold `"`, `\` or control characters (they go into JSON verbatim).
    error InvalidMetadata();

    constructor(string memory name_, string memory symbol_, address initialOwner, address initialIssuer)
        ERC721(name_, symbol_)
        EIP712("QuestBadge", "1")
        Ownable(initialOwner)
    {
        _setIssuer(initialIssuer);
    }

    // ---- minting ----

    /// @notice Mints the badge a voucher describes to `voucher.to`. Anyone may submit it.
    function claim(BadgeVoucher calldata voucher, bytes calldata signature) external returns (uint256 tokenId) {
        if (block.timestamp < voucher.validAfter) revert VoucherNotYetValid(voucher.validAfter);
        if (block.timestamp >= voucher.validBefore) revert VoucherExpired(voucher.validBefore);
        if (nonceUsed[voucher.nonce]) revert VoucherUsed(voucher.nonce);
        bytes32 key = _tierKey(voucher.campaign, voucher.tier);
        if (bytes(_tiers[key].name).length == 0) {
            revert UnknownTier(voucher.campaign, voucher.tier);
        }
        uint256 held = badgeOf[voucher.to][voucher.campaign][voucher.tier];
        if (held != 0) revert AlreadyClaimed(held);
        if (!SignatureChecker.isValidSignatureNowCalldata(issuer, hashVoucher(voucher), signature)) {
            revert InvalidSignature();
        }

        nonceUsed[voucher.nonce] = true;
        tokenId = ++totalSupply;
        badgeOf[voucher.to][voucher.campaign][voucher.tier] = tokenId;
        _tokenTier[tokenId] = key;
        // `_mint`, not `_safeMint`: no callback into the receiver, and a badge that cannot move
        // has nothing to lose by landing in a contract.
        _mint(voucher.to, tokenId);
        emit Locked(tokenId);
        emit BadgeClaimed(voucher.to, voucher.campaign, voucher.tier, tokenId, voucher.nonce);
    }

    /// @notice The EIP-712 digest the issuer signs for `voucher`.
    function hashVoucher(BadgeVoucher calldata voucher) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    VOUCHER_TYPEHASH,
                    voucher.to,
                    voucher.campaign,
                    voucher.tier,
                    voucher.nonce,
                    voucher.validAfter,
                    voucher.validBefore
                )
            )
        );
    }

    // ---- owner ----

    /// @notice Replaces the issuer. Unused vouchers signed by the previous issuer stop working.
    function setIssuer(address newIssuer) external onlyOwner {
        _setIssuer(newIssuer);
    }

    /// @notice Sets (or updates) a tier's name and image; claims for a tier need its metadata.
    function setTier(bytes32 campaign, bytes32 tier, string calldata name_, string calldata image)
        external
        onlyOwner
    {
        if (!_isJsonSafe(bytes(name_), MAX_NAME_LENGTH)) revert InvalidMetadata();
        if (!_isJsonSafe(bytes(image), MAX_IMAGE_LENGTH)) revert InvalidMetadata();
        if (!_startsWith(bytes(image), "https://") && !_startsWith(bytes(image), "ipfs://")) {
            revert InvalidMetadata();
        }
        _tiers[_tierKey(campaign, tier)] = Tier(campaign, tier, name_, image);
        emit TierSet(campaign, tier, name_, image);
        if (totalSupply > 0) emit BatchMetadataUpdate(1, totalSupply);
    }

    // ---- views ----

    /// @notice A tier's metadata; empty strings when it was never set.
    function tierMetadata(bytes32 campaign, bytes32 tier) external view returns (string memory name_, string memory image) {
        Tier storage t = _tiers[_tierKey(campaign, tier)];
        return (t.name, t.image);
    }

    /// @notice The (campaign, tier) of a token. Reverts for a token that does not exist.
    function badge(uint256 tokenId) external view returns (bytes32 campaign, bytes32 tier) {
        _requireOwned(tokenId);
        Tier storage t = _tiers[_tokenTier[tokenId]];
        return (t.campaign, t.tier);
    }

    /// @inheritdoc IERC5192
    function locked(uint256 tokenId) external view returns (bool) {
        _requireOwned(tokenId);
        return true;
    }

    /// @notice `data:application/json;base64,…` with the tier's name and image and the campaign
    /// and tier ids as attributes.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        Tier storage t = _tiers[_tokenTier[tokenId]];
        bytes memory json = abi.encodePacked(
            '{"name":"',
            t.name,
            '","image":"',
            t.image,
            '","attributes":[{"trait_type":"campaign","value":"',
            Strings.toHexString(uint256(t.campaign), 32),
            '"},{"trait_type":"tier","value":"',
            Strings.toHexString(uint256(t.tier), 32),
            '"}]}'
        );
        return string.concat("data:application/json;base64,", Base64.encode(json));
    }

    /// @notice ERC-165: ERC-721 (with metadata), ERC-5192 (0xb45a3c0e) and ERC-4906 (0x49064906).
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IERC5192).interfaceId || interfaceId == ERC4906_INTERFACE_ID
            || super.supportsInterface(interfaceId);
    }

    // ---- soulbound ----

    /// @dev Approvals are refused: there is nothing an operator could do with a badge.
    function approve(address, uint256) public pure override {
        revert Soulbound();
    }

    /// @dev Approvals are refused: there is nothing an operator could do with a badge.
    function setApprovalForAll(address, bool) public pure override {
        revert Soulbound();
    }

    /// @dev Mints only: every transfer (and burn) of an existing token reverts.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        if (_ownerOf(tokenId) != address(0)) revert Soulbound();
        return super._update(to, tokenId, auth);
    }

    // ---- internals ----

    function _tierKey(bytes32 campaign, bytes32 tier) private pure returns (bytes32) {
        return keccak256(abi.encode(campaign, tier));
    }

    function _setIssuer(address newIssuer) private {
        if (newIssuer == address(0)) revert ZeroIssuer();
        emit IssuerChanged(issuer, newIssuer);
        issuer = newIssuer;
    }

    function _isJsonSafe(bytes memory s, uint256 maxLength) private pure returns (bool) {
        if (s.length == 0 || s.length > maxLength) return false;
        for (uint256 i = 0; i < s.length; ++i) {
            bytes1 c = s[i];
            if (c < 0x20 || c == 0x22 || c == 0x5c || c == 0x7f) return false;
        }
        return true;
    }

    function _startsWith(bytes memory s, bytes memory prefix) private pure returns (bool) {
        if (s.length < prefix.length) return false;
        for (uint256 i = 0; i < prefix.length; ++i) {
            if (s[i] != prefix[i]) return false;
        }
        return true;
    }
}
