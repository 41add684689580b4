/**
 * Registers every Questboard element (`<quest-board>` and its parts). Safe to import more than
 * once and alongside another copy of the widget: a taken tag warns, never throws.
 */
import './quest-board/quest-board.js';
import './quest-insights/quest-insights.js';
import './quest-invite/quest-invite.js';
import './quest-leaderboard/quest-leaderboard.js';
import './quest-passport/quest-passport.js';
// A board loads <quest-wallet> on demand; this file registers every element, so it comes too.
import './quest-wallet/quest-wallet.js';
