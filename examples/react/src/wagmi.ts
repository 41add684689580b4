import { createConfig, http, injected } from 'wagmi';
import { foundry } from 'wagmi/chains';

// The app's own wagmi setup; the board reuses its connection (see App.tsx). Add your chains
// and transports here. This example keeps to a local chain so nothing leaves the machine.
export const config = createConfig({
  chains: [foundry],
  connectors: [injected()],
  transports: { [foundry.id]: http() },
});

declare module 'wagmi' {
  interface Register {
    config: typeof config;
  }
}
