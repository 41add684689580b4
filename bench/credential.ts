// CPU per credential signature and verification: signCredential with the EIP-712 digest built
// here (domain separator and type hash cached, then the account's `sign({ hash })`) against the
// baseline of the same account's `signTypedData` (viem hashes the whole typed data each time),
// and verifyCredential, in the same run. Last line:
// {"fast":{"signUs":…},"baseline":{"signUs":…},"ratio":…,"verifyUs":…}
import { signCredential, verifyCredential } from '@questboard/core';
import { privateKeyToAccount } from 'viem/accounts';

const N = Number(process.env.BENCH_ITERATIONS ?? 400);
const account = privateKeyToAccount(
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
);
const baseline = { address: account.address, signTypedData: account.signTypedData };
const recipient = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;

async function perCall(run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await run(i); // warm up
  const start = process.cpuUsage();
  for (let i = 0; i < N; i++) await run(i);
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / N);
}

const sign = (signer: typeof baseline, i: number) =>
  signCredential({
    signer,
    recipient,
    campaignId: 'demo',
    taskId: `t${i}`,
    time: 1_780_000_000 + i,
  });
const fastUs = await perCall((i) => sign(account, i));
const baselineUs = await perCall((i) => sign(baseline, i));
const credential = await sign(account, 0);
const verifyUs = await perCall(() => verifyCredential(credential));
console.log(
  JSON.stringify({
    fast: { signUs: fastUs },
    baseline: { signUs: baselineUs },
    ratio: Number((baselineUs / fastUs).toFixed(2)),
    verifyUs,
    iterations: N,
  }),
);
