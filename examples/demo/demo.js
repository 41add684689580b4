// The dApp's own side of the demo: it sends real transactions from the board's wallet (the dev
// wallet, or an injected one on the local chain), shows the wallet's passport, and logs the
// board's events. Plain ES module, no build step, no inline code (the page runs under a strict CSP).

const board = document.querySelector('quest-board');
const passport = document.querySelector('quest-passport');
const leaderboard = document.querySelector('quest-leaderboard');
const buttons = {
  faucet: document.getElementById('faucet'),
  swap: document.getElementById('swap'),
  mint: document.getElementById('mint'),
};
const status = document.getElementById('tx-status');
const hint = document.getElementById('trade-hint');
const accountOut = document.getElementById('account');
const balanceOut = document.getElementById('balance');
const log = document.getElementById('log');

// Chain id, RPC URL and contract addresses of this run (the stack deploys fresh contracts).
const config = await (await fetch('./demo-config.json')).json();
await customElements.whenDefined('quest-board');
const wallet = board.wallet;
// Only credentials signed by this server's issuer key count as valid.
if (config.issuer) passport.issuers = [config.issuer];

// The demo clock (QB_DEMO_CLOCK=1, demo and tests only): the server's campaign clock and the
// chain run `offsetMs` ahead of real time, so the board's ladder ("Resets in", today's check-in)
// follows the same clock. The offset is read once per page load: reload after moving it.
const clockOut = document.getElementById('demo-clock');
if (config.clock) {
  const { offsetMs } = config.clock;
  board.now = () => Date.now() + offsetMs;
  // Derived before the clock was set: derive again with it.
  if (offsetMs) board.reload().catch(() => {});
  const hours = Math.round(offsetMs / 36e5);
  clockOut.querySelector('output').textContent =
    `${new Date(board.now()).toISOString().slice(0, 16).replace('T', ' ')} UTC` +
    (offsetMs ? ` (real time + ${hours} h)` : ' (real time)');
  clockOut.hidden = false;
}

// ABI encoding by hand: three calls, no library needed.
const SELECTORS = {
  mint: '0x40c10f19', // mint(address,uint256) — the ERC-20 faucet and the ERC-721 share it
  swap: '0x43a7dc3c', // swap(address,int256,int256)
  balanceOf: '0x70a08231', // balanceOf(address)
};
const word = (n) => BigInt.asUintN(256, BigInt(n)).toString(16).padStart(64, '0');
const addressWord = (a) => a.slice(2).toLowerCase().padStart(64, '0');
const TOKEN_DECIMALS = 6n;
const FAUCET_AMOUNT = 100n * 10n ** TOKEN_DECIMALS;

async function rpc(method, params) {
  const response = await fetch(config.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: Date.now(), method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

function provider() {
  const found = wallet.$connector.get()?.getProvider();
  if (!found) throw new Error('Connect a wallet in the quest board first.');
  return found;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a transaction from the connected wallet and waits until it is mined. */
async function send(to, data) {
  const from = wallet.$account.get();
  const eip1193 = provider();
  if (wallet.$chainId.get() !== config.chainId)
    await eip1193.request({
      method: 'wallet_switchEthereumChain',
      params: [{ chainId: `0x${config.chainId.toString(16)}` }],
    });
  const hash = await eip1193.request({
    method: 'eth_sendTransaction',
    params: [{ from, to, data }],
  });
  for (let i = 0; i < 300; i++) {
    const receipt = await rpc('eth_getTransactionReceipt', [hash]);
    if (receipt) {
      if (receipt.status !== '0x1') throw new Error(`The transaction ${hash} reverted.`);
      return { hash, block: Number(receipt.blockNumber) };
    }
    await sleep(100);
  }
  throw new Error(`The transaction ${hash} was not mined within 30 s.`);
}

/**
 * Gas for a wallet with none (anvil's own RPC method): minting the Learn badge is the first
 * transaction, before the faucet. Local chain only.
 */
async function topUpGas(address) {
  if (BigInt(await rpc('eth_getBalance', [address, 'latest'])) < 10n ** 17n)
    await rpc('anvil_setBalance', [address, '0x8ac7230489e80000']); // 10 ETH
}

async function showBalance() {
  const address = wallet.$account.get();
  if (!address) {
    balanceOut.textContent = '—';
    return;
  }
  const raw = BigInt(
    await rpc('eth_call', [
      { to: config.contracts.token, data: SELECTORS.balanceOf + addressWord(address) },
      'latest',
    ]),
  );
  const whole = raw / 10n ** TOKEN_DECIMALS;
  const cents = (raw % 10n ** TOKEN_DECIMALS) / 10n ** (TOKEN_DECIMALS - 2n);
  balanceOut.textContent = `${whole}.${String(cents).padStart(2, '0')} USD`;
}

const actions = {
  /** Gas for the burner wallet (anvil's own RPC method), then 100 Test USD from the token. */
  async faucet(from) {
    await rpc('anvil_setBalance', [from, '0x8ac7230489e80000']); // 10 ETH for gas
    const { block } = await send(
      config.contracts.token,
      SELECTORS.mint + addressWord(from) + word(FAUCET_AMOUNT),
    );
    return `Received 100 Test USD (block ${block}). Now verify the faucet task.`;
  },
  async swap(from) {
    const { block } = await send(
      config.contracts.pool,
      SELECTORS.swap + addressWord(from) + word(10n * 10n ** TOKEN_DECIMALS) + word(-9_950_000n),
    );
    return `Swapped 10 Test USD (block ${block}). Now verify the swap task.`;
  },
  async mint(from) {
    const tokenId = BigInt(crypto.getRandomValues(new Uint32Array(1))[0]) + 1n;
    const { block } = await send(
      config.contracts.nft,
      SELECTORS.mint + addressWord(from) + word(tokenId),
    );
    return `Minted NFT #${tokenId} (block ${block}). Now verify the mint task.`;
  },
};

let busy = false;
function syncButtons() {
  const connected = !!wallet.$account.get();
  for (const button of Object.values(buttons)) button.disabled = !connected || busy;
  hint.hidden = connected;
}

for (const [name, button] of Object.entries(buttons)) {
  button.addEventListener('click', async () => {
    const from = wallet.$account.get();
    if (!from || busy) return;
    busy = true;
    syncButtons();
    status.textContent = `${button.textContent}: sending…`;
    status.dataset.state = 'pending';
    try {
      status.textContent = await actions[name](from);
      status.dataset.state = 'done';
      status.dataset.action = name;
      await showBalance();
    } catch (error) {
      status.textContent = `${button.textContent} failed: ${error.message}`;
      status.dataset.state = 'failed';
    } finally {
      busy = false;
      syncButtons();
    }
  });
}

wallet.$account.subscribe((address) => {
  accountOut.textContent = address ? `${address.slice(0, 6)}…${address.slice(-4)}` : '—';
  accountOut.title = address ?? '';
  passport.address = address ?? undefined;
  // The leaderboard highlights (or pins, when off the page) the visitor's own row.
  leaderboard.address = address ?? undefined;
  syncButtons();
  if (address) topUpGas(address).catch(() => {});
  showBalance().catch(() => {
    balanceOut.textContent = '—';
  });
});

// A new completion means a new credential: show it in the passport.
board.addEventListener('quest-complete', () => {
  passport.refresh();
  // New points: the visitor's rank may have moved.
  customElements.whenDefined('quest-leaderboard').then(() => leaderboard.refresh());
});
// Tokens from the drop arrived: show the new balance.
board.addEventListener('quest-reward-confirmed', () => showBalance().catch(() => {}));

for (const type of [
  'quest-verify',
  'quest-complete',
  'quest-unlock',
  'quest-claim',
  'quest-reward-sent',
  'quest-reward-confirmed',
  'quest-error',
]) {
  board.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const detail = { ...event.detail };
    if (detail.error) detail.error = `${detail.error.code}: ${detail.error.shortMessage}`;
    if (detail.result) detail.result = detail.result.ok ? 'ok' : detail.result.reason;
    item.textContent = `${type} ${JSON.stringify(detail)}`;
    log.prepend(item);
  });
}
