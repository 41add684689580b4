// The script-tag entry's first import (cdn.ts): see ./early-campaign.ts.
import { startEarly } from './early-campaign.js';

if (typeof document !== 'undefined' && typeof fetch === 'function') startEarly();
