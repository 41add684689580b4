/**
 * `@questboard/elements/walletconnect`: import it once, for its side effect, in an app that
 * offers WalletConnect (`walletconnect-project-id`) and installed the optional peer
 * `@walletconnect/ethereum-provider@~2.17.0`. Without it the app builds and runs; picking
 * WalletConnect then fails with WALLET_CONFIG and the install line.
 */
import '@questboard/wallet/walletconnect';
